import type { Diagnostic } from './diagnostics.js';
import { placeOfOffset } from './position.js';

/**
 * A logic-less template: `{{name}}` is HTML-escaped, `{{{name}}}` is inserted as is (for HTML the
 * toolkit built and sanitized), `{{#name}}…{{/name}}` keeps its inside only when `name` is non-empty.
 * Unknown names and unbalanced sections are reported with `line:column` when the template is
 * compiled, so a typo in `templates/` fails the build instead of printing an empty string.
 */
export type TemplateValues = Readonly<Record<string, string>>;

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string; raw: boolean }
  | { kind: 'section'; name: string; parts: Part[] };

export interface CompiledTemplate {
  render(values: TemplateValues): string;
}

const TAG = /\{\{(\{?)\s*([#/]?)\s*([A-Za-z][A-Za-z0-9]*)\s*(\}?)\}\}/g;

export function compileTemplate(
  source: string,
  file: string,
  knownNames: readonly string[],
): { template?: CompiledTemplate; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const known = new Set(knownNames);
  const root: Part[] = [];
  const stack: { name: string; parts: Part[]; offset: number }[] = [];
  let current = root;
  let last = 0;
  const report = (offset: number, message: string, expected: string, actual: string): void => {
    diagnostics.push({
      file,
      ...placeOfOffset(source, offset),
      severity: 'error',
      ruleId: 'template',
      message,
      expected,
      actual,
    });
  };
  for (const match of source.matchAll(TAG)) {
    const [whole, open = '', sigil = '', name = '', close = ''] = match;
    const offset = match.index;
    if (offset > last) current.push({ kind: 'text', text: source.slice(last, offset) });
    last = offset + whole.length;
    if (!known.has(name)) {
      report(offset, `Unknown template value \`${name}\``, `one of ${knownNames.join(', ')}`, name);
      continue;
    }
    if ((open === '{') !== (close === '}')) {
      report(offset, `Unbalanced braces around \`${name}\``, '{{name}} or {{{name}}}', whole);
      continue;
    }
    if (sigil === '#') {
      const section: Part = { kind: 'section', name, parts: [] };
      current.push(section);
      stack.push({ name, parts: current, offset });
      current = section.parts;
    } else if (sigil === '/') {
      const top = stack.pop();
      if (!top || top.name !== name) {
        report(offset, `Closing \`{{/${name}}}\` without a matching opening`, top ? `{{/${top.name}}}` : 'an opening {{#name}}', whole);
        if (top) stack.push(top);
        continue;
      }
      current = top.parts;
    } else {
      current.push({ kind: 'value', name, raw: open === '{' });
    }
  }
  if (last < source.length) current.push({ kind: 'text', text: source.slice(last) });
  for (const open of stack) report(open.offset, `Section \`{{#${open.name}}}\` is never closed`, `{{/${open.name}}}`, 'end of template');
  if (diagnostics.length > 0) return { diagnostics };
  return { template: { render: (values) => renderParts(root, values) }, diagnostics };
}

function renderParts(parts: readonly Part[], values: TemplateValues): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'value') out += part.raw ? (values[part.name] ?? '') : escapeHtml(values[part.name] ?? '');
    else if ((values[part.name] ?? '') !== '') out += renderParts(part.parts, values);
  }
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
