import type { Root, RootContent, Yaml } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import type { SiteConfig } from '../config/site.js';
import { outputPathOf, rebasedUrl } from '../config/urls.js';
import { noteEditorLinks } from './links.js';
import { DiagnosticList, type Diagnostic, type Place } from '../util/diagnostics.js';
import { formatIsoInZone, parseDateTime, wallTimeIn } from '../util/dates.js';
import { decodeUtf8, graphemeLength } from '../util/text.js';
import { placeOfOffset } from '../util/position.js';
import { checkWithSchema, describe, isPlainObject, readYamlValue } from '../util/yaml-schema.js';
import { findTrailingCopyright, type TrailingCopyright } from './copyright.js';
import { frontMatterSchema, type FrontMatter } from './frontmatter.js';
import { bodyFromTree } from './body.js';
import { proseTree } from './prose-tree.js';
import { applyPlainTextPolicy, BODY_CONTROL, codePoint } from './plain-text.js';
import type { Article, Organization, Person, Rights } from './types.js';

export interface ParseOptions {
  /** Path shown in diagnostics. */
  path?: string;
  site: SiteConfig;
}

export interface ParseResult {
  /** Absent when there are errors. */
  article?: Article;
  diagnostics: Diagnostic[];
}

const markdownParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
const commonmarkParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Characters without which no GFM construct can start: tables need `|`, strikethrough `~`,
 * footnotes `[^`, task items `[ ]`/`[x]`, autolink literals `www.`, a URL scheme or `@`. Text
 * without any of them parses to the same tree with plain CommonMark, which is about 2.5× faster
 * (GFM's autolink and table scanning were most of the parse time).
 */
const MAY_USE_GFM = /[|~@]|www\.|https?:|mailto:|xmpp:|\[\^|\[[ xX]\]/i;
/**
 * Inline links `[text](https://…)`: GFM never autolinks inside a link (neither its text nor its
 * destination), so they are taken out before looking for GFM triggers and a story with links
 * keeps the faster parser. Only simple ones: no brackets, backquotes, backslashes or angle brackets
 * inside, no title, and no backslash before the `[`; the guard is fuzzed against remark-gfm.
 */
const INLINE_LINK = /(?<!\\)\[[^[\]`\\<>]*\]\([^\s()`\\<>]*\)/g;
// GFM only where the text may use it: saves 14 % (4–37 %) of a markdown-corpus build's CPU.
export const mayUseGfm = (text: string): boolean => MAY_USE_GFM.test(text.includes('](') ? text.replace(INLINE_LINK, '') : text);
export const parserFor = (text: string): typeof markdownParser => (mayUseGfm(text) ? markdownParser : commonmarkParser);

const DATE_FIELDS = ['datePublished', 'dateModified', 'dateCreated', 'embargoed'] as const;

/** Markdown with YAML front matter → `Article`, with every problem as a positioned diagnostic. */
export function parseArticle(source: string | Uint8Array, options: ParseOptions): ParseResult {
  const diagnostics = new DiagnosticList(options.path ?? '<input>');
  const article = parseInto(source, options, diagnostics);
  return diagnostics.hasErrors || !article ? { diagnostics: diagnostics.items } : { article, diagnostics: diagnostics.items };
}

function parseInto(source: string | Uint8Array, options: ParseOptions, diagnostics: DiagnosticList): Article | undefined {
  const { site } = options;
  let text: string;
  if (typeof source === 'string') {
    text = source.replace(/^\uFEFF/, '');
  } else {
    const decoded = decodeUtf8(source);
    if (!decoded.ok) {
      diagnostics.error('encoding', `Invalid UTF-8: byte 0x${decoded.byte.toString(16).padStart(2, '0')} cannot start or continue a character`, decoded.place, {
        expected: 'UTF-8 text',
        actual: `byte 0x${decoded.byte.toString(16).padStart(2, '0')}`,
      });
      return undefined;
    }
    text = decoded.text;
  }
  if (text.trim().length === 0) {
    diagnostics.error('empty-file', 'The file is empty: expected front matter between `---` lines, then the article body', { line: 1, column: 1 }, {
      expected: 'front matter and a body',
      actual: 'an empty file',
    });
    return undefined;
  }

  const frontMatterEnd = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text)?.[0].length ?? 0;
  text = withoutBodyControls(text, frontMatterEnd, diagnostics);
  // The copyright line is cut before parsing (blanked, so every other position stays true).
  const copyright = findTrailingCopyright(text);
  const cut = copyright && copyright.start >= frontMatterEnd ? copyright : undefined;
  const parseable = cut ? text.slice(0, cut.start) + ' '.repeat(cut.end - cut.start) + text.slice(cut.end) : text;

  // Plain prose under front matter (most wire copy) gets remark's tree without running remark.
  const tree = readTree(parseable, frontMatterEnd, diagnostics);
  if (!tree) return undefined;
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    diagnostics.error('frontmatter-missing', 'No front matter: expected the file to start with a `---` line, YAML fields, and a closing `---`', { line: 1, column: 1 }, {
      expected: '`---` on line 1',
      actual: JSON.stringify((text.split('\n')[0] ?? '').slice(0, 40)),
    });
    return undefined;
  }
  const frontMatter = readFrontMatter(first, diagnostics);
  if (!frontMatter) return undefined;

  const bodyNodes = tree.children.slice(1);
  const bodyStart = first.position?.end.offset ?? 0;
  if (frontMatter.bodyFormat === 'text') {
    bodyNodes.splice(0, bodyNodes.length, ...linesAsParagraphs(parseable.slice(bodyStart)));
  }
  if (bodyNodes.length === 0) {
    diagnostics.error('body-empty', 'The article has no body: expected text after the front matter', placeOfOffset(text, bodyStart), {
      expected: 'article text',
      actual: 'nothing',
    });
    return undefined;
  }
  if (bodyNodes.every((node) => node.type === 'html')) {
    // Raw HTML is dropped from every output (sanitized away): such a body would be empty everywhere.
    const start = bodyNodes[0]?.position?.start;
    diagnostics.error('body-empty', 'The body holds only raw HTML, which every output drops: expected article text', start ? { line: start.line, column: start.column } : placeOfOffset(text, bodyStart), {
      expected: 'article text',
      actual: 'only raw HTML',
    });
    return undefined;
  }
  if (cut) {
    diagnostics.info('copyright-line', `Copyright line \`${cut.notice}\` moved from the body to rights metadata`, placeOfOffset(text, cut.start));
  }

  const dates = resolveDates(frontMatter, first, site, diagnostics);
  if (!dates) return undefined;
  const published = dates.datePublished;
  const body = bodyFromTree({ type: 'root', children: bodyNodes } satisfies Root, frontMatter.language);
  const rights = resolveRights(frontMatter, cut, site, wallTimeIn(published.ms, site.timeZone).year, diagnostics, first);
  checkConsistency(frontMatter, diagnostics, first);

  const article: Article = {
    id: frontMatter.id ?? defaultId(site, published.ms, frontMatter.slug),
    slug: frontMatter.slug,
    version: frontMatter.version,
    language: frontMatter.language,
    headline: frontMatter.headline,
    description: frontMatter.description,
    url: frontMatter.url === undefined ? defaultUrl(site, frontMatter, published.ms) : rebasedUrl(frontMatter.url, site.authoredUrl, site.url),
    datePublished: published.iso,
    dateModified: dates.dateModified?.iso ?? published.iso,
    dateCreated: dates.dateCreated?.iso ?? published.iso,
    pubStatus: frontMatter.pubStatus,
    credit: frontMatter.credit ?? site.publisher.name,
    authors: frontMatter.authors.map(toPerson),
    keywords: frontMatter.keywords,
    subjects: frontMatter.subjects.map((subject) => ({ ...subject })),
    entities: frontMatter.entities.map((entity) => ({ ...entity })),
    isAccessibleForFree: frontMatter.isAccessibleForFree,
    rights,
    headlineVariants: { ...frontMatter.headlineVariants },
    translations: Object.fromEntries(
      Object.entries(frontMatter.translations).map(([language, translation]) => [
        language,
        { ...translation, headlineVariants: { ...translation.headlineVariants } },
      ]),
    ),
    body,
  };
  if (frontMatter.alternativeHeadline !== undefined) article.alternativeHeadline = frontMatter.alternativeHeadline;
  if (dates.embargoed) article.embargoed = dates.embargoed.iso;
  if (frontMatter.signal !== undefined) article.signal = frontMatter.signal;
  if (frontMatter.editorialNote !== undefined) article.editorialNote = frontMatter.editorialNote;
  if (frontMatter.dateline !== undefined) {
    article.dateline = typeof frontMatter.dateline === 'string' ? { place: frontMatter.dateline } : { ...frontMatter.dateline };
  }
  if (frontMatter.section !== undefined) article.section = frontMatter.section;
  if (frontMatter.genre !== undefined) article.genre = frontMatter.genre;
  if (frontMatter.urgency !== undefined) article.urgency = frontMatter.urgency;
  if (frontMatter.image !== undefined) article.image = { ...frontMatter.image };
  noteEditorLinks(article, text, bodyStart, bodyNodes, site.url);
  if (outputPathOf(article.url, site.url) === undefined) {
    // Its page lives on another host: out/ is the site's URL space, so no page of its own here.
    diagnostics.info('url-elsewhere', `Field \`url\`: ${article.url} is not under the site URL ${site.url}: no page or JSON-LD is written for this article; feeds, the sitemap and NewsML-G2 link to that URL`, placeOfField(frontMatter, first, 'url'), {
      field: 'url',
      expected: `a URL under ${site.url} for a page in out/`,
      actual: article.url,
    });
  }
  return article;
}

function readFrontMatter(node: Yaml, diagnostics: DiagnosticList): FrontMatter | undefined {
  const startLine = node.position?.start.line ?? 1;
  const options = { diagnostics, lineOffset: startLine, rulePrefix: 'frontmatter', wholePlace: { line: startLine, column: 1 } };
  const yaml = readYamlValue(node.value, options);
  if (!yaml) return undefined;
  const { value } = yaml;
  if (!isPlainObject(value)) {
    diagnostics.error('frontmatter-invalid', `Front matter must be a mapping of fields: found ${describe(value)}`, { line: startLine + 1, column: 1 }, {
      expected: 'a mapping of fields',
      actual: describe(value),
    });
    return undefined;
  }
  const checked = checkWithSchema(value, frontMatterSchema, yaml, options);
  if (!checked) return undefined;
  attachPlaces(checked, yaml.placeOf);
  for (const finding of applyPlainTextPolicy(checked)) {
    diagnostics.error(finding.ruleId, finding.message, placeOfField(checked, node, ...finding.path), { field: finding.path.join('.'), expected: finding.expected, actual: finding.actual });
  }
  return diagnostics.hasErrors ? undefined : checked;
}

// Places of fields, kept beside the checked value so later checks can point at them.
const fieldPlaces = new WeakMap<object, (path: readonly PropertyKey[]) => Place | undefined>();
function attachPlaces(frontMatter: FrontMatter, placeOf: (path: readonly PropertyKey[]) => Place | undefined): void {
  fieldPlaces.set(frontMatter, placeOf);
}
function placeOfField(frontMatter: FrontMatter, node: Yaml, ...path: PropertyKey[]): Place {
  return fieldPlaces.get(frontMatter)?.(path) ?? { line: node.position?.start.line ?? 1, column: 1 };
}

interface ResolvedDate {
  ms: number;
  iso: string;
}

function resolveDates(
  frontMatter: FrontMatter,
  node: Yaml,
  site: SiteConfig,
  diagnostics: DiagnosticList,
): Partial<Record<(typeof DATE_FIELDS)[number], ResolvedDate>> & { datePublished: ResolvedDate } | undefined {
  const resolved: Partial<Record<(typeof DATE_FIELDS)[number], ResolvedDate>> = {};
  for (const field of DATE_FIELDS) {
    const value = frontMatter[field];
    if (value === undefined) continue;
    const parsed = parseDateTime(value, site.timeZone);
    // Looked up only when something is reported: a place can cost a full YAML parse (readYamlValue).
    const place = (): Place => placeOfField(frontMatter, node, field);
    if (!parsed.ok) {
      diagnostics.error('frontmatter-date', `Field \`${field}\`: expected ${parsed.reason}, found ${describe(value)}`, place(), {
        field,
        expected: parsed.reason,
        actual: value,
      });
      continue;
    }
    const iso = formatIsoInZone(parsed.ms, site.timeZone);
    if (!parsed.hadOffset) {
      diagnostics.warn(
        'frontmatter-date-offset',
        `Field \`${field}\`: expected a date-time with an offset (Z or ±hh:mm), found ${describe(value)}; read in ${site.timeZone} as ${iso}`,
        place(),
        { field, expected: 'a date-time with an offset', actual: value },
      );
    }
    resolved[field] = { ms: parsed.ms, iso };
  }
  const { datePublished } = resolved;
  if (!datePublished || diagnostics.hasErrors) return undefined;
  for (const field of ['dateModified', 'dateCreated'] as const) {
    const other = resolved[field];
    if (!other) continue;
    const wrongOrder = field === 'dateModified' ? other.ms < datePublished.ms : other.ms > datePublished.ms;
    if (wrongOrder) {
      const relation = field === 'dateModified' ? 'at or after' : 'at or before';
      diagnostics.error('frontmatter-date-order', `Field \`${field}\`: expected a date-time ${relation} datePublished (${datePublished.iso}), found ${other.iso}`, placeOfField(frontMatter, node, field), {
        field,
        expected: `${relation} ${datePublished.iso}`,
        actual: other.iso,
      });
    }
  }
  return diagnostics.hasErrors ? undefined : { ...resolved, datePublished };
}

function resolveRights(
  frontMatter: FrontMatter,
  line: TrailingCopyright | undefined,
  site: SiteConfig,
  publishedYear: number,
  diagnostics: DiagnosticList,
  node: Yaml,
): Rights {
  const given = frontMatter.copyright;
  if (given && line) {
    diagnostics.info('copyright-override', `Front matter \`copyright\` takes precedence over the copyright line \`${line.notice}\``, placeOfField(frontMatter, node, 'copyright'));
  }
  const holderName = given?.holder ?? line?.holder ?? site.publisher.name;
  const holder = holderOrganization(holderName, given?.url, site);
  const year = given?.year ?? line?.year ?? publishedYear;
  const rights: Rights = {
    holder,
    notice: given?.notice ?? line?.notice ?? `© ${year} ${holder.name}`,
    year,
  };
  const usageTerms = given?.usageTerms ?? site.usageTerms;
  if (usageTerms !== undefined) rights.usageTerms = usageTerms;
  return rights;
}

// One collator: `localeCompare` with options builds a new one on every call.
const sameName = new Intl.Collator('en', { sensitivity: 'base' });

/** The publisher (with URL and logo) when the holder is the publisher under any of its names. */
export function holderOrganization(name: string, url: string | undefined, site: SiteConfig): Organization {
  const names = [site.publisher.name, site.publisher.legalName, ...site.publisher.aliases].filter((item): item is string => Boolean(item));
  if (names.some((candidate) => sameName.compare(candidate, name) === 0)) {
    return { name: site.publisher.name, url: site.publisher.url, logo: { ...site.publisher.logo } };
  }
  return url === undefined ? { name } : { name, url };
}

/** schema.org/Google: a NewsArticle headline longer than this is truncated in results. */
export const HEADLINE_MAX = 110;

function checkConsistency(frontMatter: FrontMatter, diagnostics: DiagnosticList, node: Yaml): void {
  const headlineLength = graphemeLength(frontMatter.headline);
  if (headlineLength > HEADLINE_MAX) {
    diagnostics.warn('headline-length', `Field \`headline\`: expected at most ${HEADLINE_MAX} characters (Google's NewsArticle limit), found ${headlineLength}; JSON-LD takes its \`headline\` from the \`seo\` variant instead`, placeOfField(frontMatter, node, 'headline'), {
      field: 'headline',
      expected: `at most ${HEADLINE_MAX} characters`,
      actual: `${headlineLength} characters`,
    });
  }
  if (frontMatter.signal && frontMatter.version === 1) {
    diagnostics.warn('frontmatter-signal-version', `Field \`signal\`: an ${frontMatter.signal} expects \`version\` 2 or more, found 1`, placeOfField(frontMatter, node, 'signal'), {
      field: 'signal',
      expected: 'version ≥ 2',
      actual: 'version 1',
    });
  }
  if (frontMatter.translations[frontMatter.language]) {
    diagnostics.warn('frontmatter-translation-self', `Field \`translations.${frontMatter.language}\`: the article is already in ${frontMatter.language}; this translation is ignored in favour of \`headline\``, placeOfField(frontMatter, node, 'translations', frontMatter.language), {
      field: `translations.${frontMatter.language}`,
      expected: 'a language other than the article’s own',
      actual: frontMatter.language,
    });
    delete frontMatter.translations[frontMatter.language];
  }
  const seen = new Map<string, number>();
  frontMatter.entities.forEach((entity, index) => {
    const earlier = seen.get(entity.wikidata);
    if (earlier !== undefined) {
      diagnostics.warn('frontmatter-entity-duplicate', `Field \`entities.${index}\`: ${entity.wikidata} is already listed as entities.${earlier}`, placeOfField(frontMatter, node, 'entities', index, 'wikidata'), {
        field: `entities.${index}.wikidata`,
        expected: 'each Wikidata id once',
        actual: entity.wikidata,
      });
    }
    seen.set(entity.wikidata, index);
  });
}

function toPerson(author: FrontMatter['authors'][number]): Person {
  return typeof author === 'string' ? { name: author } : { ...author };
}

function defaultId(site: SiteConfig, publishedMs: number, slug: string): string {
  const { year, month, day } = wallTimeIn(publishedMs, site.timeZone);
  const date = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return `urn:newsml:${site.providerId}:${date}:${slug}`;
}

function defaultUrl(site: SiteConfig, frontMatter: FrontMatter, publishedMs: number): string {
  const { year, month, day } = wallTimeIn(publishedMs, site.timeZone);
  return site.articleUrl
    .replaceAll('{slug}', frontMatter.slug)
    .replaceAll('{language}', frontMatter.language.toLowerCase())
    .replaceAll('{yyyy}', String(year))
    .replaceAll('{mm}', String(month).padStart(2, '0'))
    .replaceAll('{dd}', String(day).padStart(2, '0'));
}

/**
 * Deepest nesting of body nodes (quotes, lists, emphasis…) accepted: every output is written by
 * walking the tree, and real copy nests a handful of levels.
 */
export const MAX_BODY_DEPTH = 64;

/** The markdown tree, or undefined after a diagnostic when it is nested too deeply to be read or written. */
function readTree(text: string, bodyStart: number, diagnostics: DiagnosticList): Root | undefined {
  let tree: Root;
  try {
    // Plain prose under front matter gets remark's tree without remark: saves 15–20 % of a plain build's CPU.
    tree = proseTree(text) ?? parserFor(text).parse(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The parser recursed past the stack: only nesting does that.
    diagnostics.error('body-nesting', `The body nests quotes, lists or emphasis too deeply to be read; expected at most ${MAX_BODY_DEPTH} levels`, placeOfOffset(text, deepestLineStart(text, bodyStart)), {
      expected: `at most ${MAX_BODY_DEPTH} levels of nesting`,
      actual: 'deeper nesting',
    });
    return undefined;
  }
  const deep = nodeDeeperThan(tree, MAX_BODY_DEPTH);
  if (deep) {
    diagnostics.error('body-nesting', `The body nests quotes, lists or emphasis more than ${MAX_BODY_DEPTH} levels deep (a ${deep.type} here)`, deep.position ? { line: deep.position.start.line, column: deep.position.start.column } : placeOfOffset(text, bodyStart), {
      expected: `at most ${MAX_BODY_DEPTH} levels of nesting`,
      actual: `a ${deep.type} at level ${MAX_BODY_DEPTH + 1}`,
    });
    return undefined;
  }
  return tree;
}

/** The first node below `limit` levels, found without recursion. */
function nodeDeeperThan(tree: Root, limit: number): RootContent | undefined {
  const stack: { node: Root | RootContent; depth: number }[] = [{ node: tree, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, depth } = next;
    if (depth > limit) return node as RootContent;
    if ('children' in node) for (const child of node.children) stack.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}

/** Start of the body line with the longest run of container and emphasis marks. */
function deepestLineStart(text: string, bodyStart: number): number {
  let best = bodyStart;
  let bestLength = -1;
  const line = /^[ \t>*_+\-\[]*/gm;
  line.lastIndex = bodyStart;
  for (let match = line.exec(text); match; match = line.exec(text)) {
    if (match[0].length > bestLength) {
      bestLength = match[0].length;
      best = match.index;
    }
    line.lastIndex = match.index + match[0].length + 1;
    if (line.lastIndex > text.length) break;
  }
  return best;
}

/**
 * Control characters in the body (wire copy from older systems carries some): one warning at the
 * first, and they are removed, since no output may carry them (docs/input-policy.md).
 */
function withoutBodyControls(text: string, bodyStart: number, diagnostics: DiagnosticList): string {
  BODY_CONTROL.lastIndex = bodyStart;
  const first = BODY_CONTROL.exec(text);
  if (!first) return text;
  const body = text.slice(bodyStart);
  const count = body.match(BODY_CONTROL)?.length ?? 0;
  const at = codePoint(first[0]);
  diagnostics.warn('body-control-character', `The body holds ${count} control character${count === 1 ? '' : 's'} (the first, ${at}, here): removed from every output`, placeOfOffset(text, first.index), {
    expected: 'text without control characters',
    actual: at,
  });
  return text.slice(0, bodyStart) + body.replace(BODY_CONTROL, '');
}

/** Wire copy: every non-blank line is a paragraph, taken literally (no markdown syntax). */
function linesAsParagraphs(text: string): RootContent[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'paragraph', children: [{ type: 'text', value: line }] }));
}

