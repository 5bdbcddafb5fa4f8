/**
 * Trailing copyright lines: `Copyright © ANSA`, `© ANSA 2025`, `(c) ANSA`, `Copyright 2025 ANSA.
 * All rights reserved.` Pure functions over text.
 */
export interface CopyrightLine {
  holder: string;
  year?: number;
  /** The line as written, trimmed. */
  notice: string;
}

const PREFIX = /^\s{0,3}(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*/iu;
const RESERVED = /[.,;]?\s*all rights reserved\.?$/iu;

export function parseCopyrightLine(line: string): CopyrightLine | undefined {
  const notice = line.trim();
  if (notice.length === 0 || notice.length > 120) return undefined;
  const prefix = PREFIX.exec(notice);
  if (!prefix) return undefined;
  let rest = notice.slice(prefix[0].length).replace(RESERVED, '').trim().replace(/[.,]$/, '').trim();
  let year: number | undefined;
  const leadingYear = /^(\d{4})(?:\s*[-–]\s*(\d{4}))?[,]?\s+(.+)$/u.exec(rest);
  const trailingYear = /^(.+?),?\s+(\d{4})(?:\s*[-–]\s*(\d{4}))?$/u.exec(rest);
  if (leadingYear) {
    year = Number(leadingYear[2] ?? leadingYear[1]);
    rest = leadingYear[3] ?? '';
  } else if (trailingYear) {
    year = Number(trailingYear[3] ?? trailingYear[2]);
    rest = trailingYear[1] ?? '';
  }
  const holder = rest.trim();
  // A holder is a name: short, starting with a capital or digit, not a sentence.
  if (!/^[\p{Lu}\p{Lo}\d]/u.test(holder) || holder.split(/\s+/).length > 8 || /[!?:;]/.test(holder)) return undefined;
  return year === undefined ? { holder, notice } : { holder, year, notice };
}

export interface TrailingCopyright extends CopyrightLine {
  /** 0-based index of the line in the text. */
  lineIndex: number;
  /** Offset where the line starts, and where it ends (before its newline). */
  start: number;
  end: number;
}

/** The last non-blank line of `text`, when it is a copyright line. */
export function findTrailingCopyright(text: string): TrailingCopyright | undefined {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  if (end === 0) return undefined;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  const parsed = parseCopyrightLine(text.slice(start, end));
  if (!parsed) return undefined;
  let lineIndex = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < start; index = text.indexOf('\n', index + 1)) lineIndex++;
  return { ...parsed, lineIndex, start, end };
}
