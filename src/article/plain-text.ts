/**
 * The policy for the plain-text fields of front matter (headlines, standfirst, names, captions,
 * keywords…): what an editor may write there so that every output stays valid and reads the same
 * everywhere. Written down in docs/input-policy.md; each finding names the field and what to change.
 *
 * - Markup: a plain-text field never holds something that looks like HTML: a tag (`<b>`,
 *   `</script>`), a comment, a CDATA section, or what reads as a character reference (`&amp;`,
 *   `&#39;`, `alpha&omega`: see `referenceLike`). Feed validators report such titles (W3C
 *   `ContainsHTML`), readers that treat titles as HTML would run them, and a reference is nearly
 *   always text escaped twice upstream. `<` and `&` otherwise (`a < b`, `Q&A`, `AT&T`) are plain
 *   text and stay.
 * - Control characters (C0 except tab and line breaks, DEL, C1) and the noncharacters U+FFFE and
 *   U+FFFF: XML 1.0 forbids or discourages them and no reader shows them. An error in a field;
 *   in the body a warning, and they are removed (see `bodyControls`).
 * - Bidirectional controls: the marks (LRM, RLM, ALM) are ordinary text. Overrides (LRO, RLO)
 *   make text display in another order than it is stored, so they are refused; embeddings
 *   (LRE, RLE … PDF) and isolates (LRI, RLI, FSI … PDI) are accepted when each is closed within
 *   its field, since an open one reorders whatever a page or reader puts after the field.
 * - One-line fields (headlines, names, keywords…): tabs and line breaks become single spaces.
 * - Length: at most `FIELD_MAX` characters (`LONG_FIELD_MAX` for standfirsts and notes), so that
 *   no field can make a feed or page balloon. Headlines over 110 characters are accepted: JSON-LD
 *   then takes its `headline` from the ≤ 110 `seo` variant (see `formats/jsonld.ts`).
 */
export const FIELD_MAX = 1000;
export const LONG_FIELD_MAX = 5000;

/** Fields whose text may run to paragraphs (by their last key). */
const LONG_FIELDS = new Set(['description', 'editorialNote', 'usageTerms', 'notice', 'caption']);

/** Any character that needs a closer look: a quick test passes most fields untouched. */
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff<&]/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const BODY_CONTROL = new RegExp(CONTROL.source, 'g');
const MARKUP = /<\/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?\/?>|<!--|<!\[CDATA\[|<![A-Za-z]|<\?[A-Za-z]/;
/**
 * What feed validators read as a character reference in plain text (the W3C service's `&(#?\w+)`,
 * ASCII word characters): a `#`, a digit or `_` after the `&`, or an HTML 4 entity name, with or
 * without its `;` (`alpha&omega` is flagged there as much as `&amp;`).
 */
const REFERENCE_LIKE = /&(#?[A-Za-z0-9_]+)/g;
const HTML4_ENTITY_NAMES = new Set(
  'AElig Aacute Acirc Agrave Alpha Aring Atilde Auml Beta Ccedil Chi Dagger Delta ETH Eacute Ecirc Egrave Epsilon Eta Euml Gamma Iacute Icirc Igrave Iota Iuml Kappa Lambda Mu Ntilde Nu OElig Oacute Ocirc Ograve Omega Omicron Oslash Otilde Ouml Phi Pi Prime Psi Rho Scaron Sigma THORN Tau Theta Uacute Ucirc Ugrave Upsilon Uuml Xi Yacute Yuml Zeta aacute acirc acute aelig agrave alefsym alpha amp and ang aring asymp atilde auml bdquo beta brvbar bull cap ccedil cedil cent chi circ clubs cong copy crarr cup curren dArr dagger darr deg delta diams divide eacute ecirc egrave empty emsp ensp epsilon equiv eta eth euml euro exist fnof forall frac12 frac14 frac34 frasl gamma ge gt hArr harr hearts hellip iacute icirc iexcl igrave image infin int iota iquest isin iuml kappa lArr lambda lang laquo larr lceil ldquo le lfloor lowast loz lrm lsaquo lsquo lt macr mdash micro middot minus mu nabla nbsp ndash ne ni not notin nsub ntilde nu oacute ocirc oelig ograve oline omega omicron oplus or ordf ordm oslash otilde otimes ouml para part permil perp phi pi piv plusmn pound prime prod prop psi quot rArr radic rang raquo rarr rceil rdquo real reg rfloor rho rlm rsaquo rsquo sbquo scaron sdot sect shy sigma sigmaf sim spades sub sube sum sup sup1 sup2 sup3 supe szlig tau there4 theta thetasym thinsp thorn tilde times trade uArr uacute uarr ucirc ugrave uml upsih upsilon uuml weierp xi yacute yen yuml zeta zwj zwnj apos'.split(' '),
);

function referenceLike(text: string): string | undefined {
  if (!text.includes('&')) return undefined;
  for (const match of text.matchAll(REFERENCE_LIKE)) {
    const name = match[1] ?? '';
    if (!/^[A-Za-z]+$/.test(name) || HTML4_ENTITY_NAMES.has(name)) return match[0];
  }
  return undefined;
}
const OVERRIDE = /[\u202d\u202e]/;
const LINE_BREAKS = /[ \t]*[\t\n\r\u2028\u2029][\s]*/g;

export interface PlainTextFinding {
  /** Dotted path of the field (`translations.it.headline`). */
  path: (string | number)[];
  ruleId: 'frontmatter-markup' | 'frontmatter-control-character' | 'frontmatter-bidi' | 'frontmatter-length';
  message: string;
  expected: string;
  actual: string;
}

export const codePoint = (char: string): string => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Findings for one field's text (none for most). */
export function plainTextFindings(text: string, path: (string | number)[]): PlainTextFinding[] {
  const found: PlainTextFinding[] = [];
  const name = path.join('.');
  const last = [...path].reverse().find((key): key is string => typeof key === 'string') ?? '';
  const max = LONG_FIELDS.has(last) ? LONG_FIELD_MAX : FIELD_MAX;
  // Code points never outnumber UTF-16 units: count them only when the units are over.
  const length = text.length > max ? [...text].length : 0;
  if (length > max) {
    found.push({ path, ruleId: 'frontmatter-length', message: `Field \`${name}\`: expected at most ${max} characters, found ${length}`, expected: `at most ${max} characters`, actual: `${length} characters` });
  }
  if (!SUSPECT.test(text)) return found;
  const control = CONTROL.exec(text);
  if (control) {
    const at = codePoint(control[0]);
    found.push({ path, ruleId: 'frontmatter-control-character', message: `Field \`${name}\`: expected plain text, found the control character ${at} at character ${[...text.slice(0, control.index)].length + 1}; remove it`, expected: 'text without control characters', actual: at });
  }
  const markup = MARKUP.exec(text)?.[0];
  const reference = markup === undefined ? referenceLike(text) : undefined;
  if (markup !== undefined) {
    found.push({ path, ruleId: 'frontmatter-markup', message: `Field \`${name}\`: expected plain text, found HTML markup ${JSON.stringify(markup)}; write the text itself (feeds and readers would show or run it as HTML)`, expected: 'plain text', actual: markup });
  } else if (reference !== undefined) {
    found.push({ path, ruleId: 'frontmatter-markup', message: `Field \`${name}\`: expected plain text, found ${JSON.stringify(reference)}, which feed validators read as an HTML character reference; write the character itself, or a space after "&"`, expected: 'plain text', actual: reference });
  }
  const bidi = bidiProblem(text);
  if (bidi) found.push({ path, ruleId: 'frontmatter-bidi', message: `Field \`${name}\`: ${bidi.message}`, expected: bidi.expected, actual: bidi.actual });
  return found;
}

function bidiProblem(text: string): { message: string; expected: string; actual: string } | undefined {
  const override = OVERRIDE.exec(text);
  if (override) {
    return { message: `expected no bidirectional override, found ${codePoint(override[0])}: it shows the text in another order than it is written (use LRM/RLM marks or an isolate instead)`, expected: 'no LRO/RLO override', actual: codePoint(override[0]) };
  }
  // Embeddings close with PDF, isolates with PDI; a PDI also closes embeddings opened inside it.
  const open: ('embedding' | 'isolate')[] = [];
  for (const char of text) {
    if (char === '\u202a' || char === '\u202b') open.push('embedding');
    else if (char >= '\u2066' && char <= '\u2068') open.push('isolate');
    else if (char === '\u202c') {
      if (open.at(-1) !== 'embedding') return unbalanced('a PDF (U+202C) without an embedding to close');
      open.pop();
    } else if (char === '\u2069') {
      const isolate = open.lastIndexOf('isolate');
      if (isolate === -1) return unbalanced('a PDI (U+2069) without an isolate to close');
      open.length = isolate;
    }
  }
  return open.length > 0 ? unbalanced(`${open.length} bidirectional ${open.length === 1 ? `${open[0]} left` : 'embeddings or isolates left'} open`) : undefined;
}

const unbalanced = (actual: string): { message: string; expected: string; actual: string } => ({
  message: `expected every bidirectional embedding or isolate closed within the field, found ${actual}`,
  expected: 'balanced bidirectional controls',
  actual,
});

/**
 * The same policy as a yes/no for configuration texts (site and channel names, descriptions):
 * they end up in feed titles as much as headlines do.
 */
export const isPlainText = (text: string): boolean => plainTextFindings(text, ['text']).length === 0;

/** What a configuration text must be, said as an expectation. */
export const PLAIN_TEXT_EXPECTED = 'plain text: no HTML markup or character references, control characters, bidi overrides or unclosed embeddings';

/** One-line fields: everything but the long ones. Tabs and line breaks become one space. */
export function oneLine(text: string, path: readonly (string | number)[]): string {
  const last = [...path].reverse().find((key): key is string => typeof key === 'string') ?? '';
  return LONG_FIELDS.has(last) || !/[\t\n\r\u2028\u2029]/.test(text) ? text : text.replace(LINE_BREAKS, ' ');
}

/**
 * Every string of `value` (front matter after its schema), checked and, for one-line fields,
 * normalized in place. Returns the findings.
 */
export function applyPlainTextPolicy(value: Record<string, unknown>): PlainTextFinding[] {
  const found: PlainTextFinding[] = [];
  const visit = (container: Record<string, unknown> | unknown[], path: (string | number)[]): void => {
    const entries: [string | number, unknown][] = Array.isArray(container) ? container.map((item, index) => [index, item]) : Object.entries(container);
    for (const [key, item] of entries) {
      const at = [...path, key];
      if (typeof item === 'string') {
        const normal = oneLine(item, at);
        if (normal !== item) (container as Record<string | number, unknown>)[key] = normal;
        found.push(...plainTextFindings(normal, at));
      } else if (item !== null && typeof item === 'object') {
        visit(item as Record<string, unknown>, at);
      }
    }
  };
  visit(value, []);
  return found;
}
