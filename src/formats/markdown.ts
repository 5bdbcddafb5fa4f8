import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkGfm from 'remark-gfm';
import { yamlLibrary } from '../util/yaml-lib.js';
import type { Root } from 'mdast';
import type { Article, HeadlineVariantsGiven } from '../article/types.js';
import { FRONT_MATTER_ORDER, type FrontMatter } from '../article/frontmatter.js';
import type { SiteConfig } from '../config/site.js';
import { stringifySimpleYaml } from '../util/simple-yaml.js';

/**
 * The article as clean markdown for CMS imports and diffs: every resolved field written out in
 * schema order, the copyright as front matter (not body text), the body re-serialized.
 * Parsing the result gives the same `Article`; serializing that again gives the same bytes.
 */
const bodyWriter = unified()
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fence: '`', fences: true, rule: '-', listItemIndent: 'one' })
  .freeze();

type FrontMatterOut = { [K in keyof FrontMatter]?: unknown };

export function normalizedMarkdown(article: Article, site: SiteConfig): string {
  return `---\n${frontMatterYaml(normalizedFrontMatter(article, site))}---\n\n${bodyMarkdown(article.body.tree)}`;
}

/** The options of `yaml`'s writer for front matter: no folding, lists indented under their key. */
export const FRONT_MATTER_YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: true } as const;

/** Front matter as YAML: the simple writer when it gives yaml's bytes (most articles), else yaml. */
export function frontMatterYaml(fields: Record<string, unknown>): string {
  // Saves 17–22 % of a 1,000-article build's user CPU with simpleYaml (docs/performance.md).
  return stringifySimpleYaml(fields) ?? yamlLibrary().stringify(fields, FRONT_MATTER_YAML_OPTIONS);
}

/** Every resolved field of the article, in schema order, as the normalized front matter holds them. */
export function normalizedFrontMatter(article: Article, site: SiteConfig): Record<string, unknown> {
  const fields: FrontMatterOut = {
    id: article.id,
    slug: article.slug,
    version: article.version,
    language: article.language,
    headline: article.headline,
    alternativeHeadline: article.alternativeHeadline,
    description: article.description,
    url: article.url,
    datePublished: article.datePublished,
    dateModified: article.dateModified,
    dateCreated: article.dateCreated,
    embargoed: article.embargoed,
    pubStatus: article.pubStatus,
    signal: article.signal,
    editorialNote: article.editorialNote,
    dateline: article.dateline && (article.dateline.wikidata ? { ...article.dateline } : article.dateline.place),
    credit: article.credit,
    authors: nonEmpty(article.authors.map((person) => (person.email || person.url ? { ...person } : person.name))),
    section: article.section,
    genre: article.genre,
    urgency: article.urgency,
    keywords: nonEmpty(article.keywords),
    subjects: nonEmpty(article.subjects.map((subject) => ({ ...subject }))),
    entities: nonEmpty(article.entities.map((entity) => ({ ...entity }))),
    image: article.image && { ...article.image },
    isAccessibleForFree: article.isAccessibleForFree,
    copyright: copyrightFields(article, site),
    headlineVariants: variants(article.headlineVariants),
    translations: nonEmptyRecord(
      Object.fromEntries(
        Object.entries(article.translations).map(([language, translation]) => [
          language,
          dropUndefined({
            headline: translation.headline,
            description: translation.description,
            headlineVariants: variants(translation.headlineVariants),
          }),
        ]),
      ),
    ),
  };
  const ordered: Record<string, unknown> = {};
  for (const key of FRONT_MATTER_ORDER) {
    const value = fields[key];
    if (value !== undefined) ordered[key] = value;
  }
  return ordered;
}

/** The body as markdown: remark-stringify, or the plain-prose shortcut when it gives the same bytes. */
export function bodyMarkdown(tree: Root): string {
  return plainProse(tree) ?? bodyWriter.stringify(tree);
}

/**
 * Wire copy is mostly paragraphs of plain prose, which remark-stringify writes back unchanged:
 * for those this returns the paragraphs joined by blank lines without running the serializer
 * (0.4 ms an article, a tenth of a build's rendering). Undefined as soon as anything could need
 * escaping or is not a one-text paragraph. The test `markdown-prose` fuzzes this guard against
 * remark-stringify itself.
 */
export function plainProse(tree: Root): string | undefined {
  if (tree.children.length === 0) return undefined;
  const paragraphs: string[] = [];
  for (const node of tree.children) {
    if (node.type !== 'paragraph' || node.children.length !== 1) return undefined;
    const [only] = node.children;
    if (only?.type !== 'text' || !isPlainProse(only.value)) return undefined;
    paragraphs.push(only.value);
  }
  return `${paragraphs.join('\n\n')}\n`;
}

// Characters that markdown gives a meaning somewhere (`/` for GFM autolinks like "http://"), every
// whitespace but the space, and controls: text with none of them has nothing remark-stringify
// would escape…
const MARKUP_OR_SPACE = /[\\`*_[\]<>#&|~=+@^{}$/\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff]/;

function isPlainProse(value: string): boolean {
  return value !== '' && !MARKUP_OR_SPACE.test(value) && !unsafeEdgeOrLink(value);
}

/** `[-.\w]`: what makes "w." the start of a GFM autolink literal ("www.x"). */
const continuesLink = (code: number): boolean => code === 45 || code === 46 || code === 95 || (code >= 48 && code <= 57) || ((code | 0x20) >= 97 && (code | 0x20) <= 122);

/**
 * `/^[\d\-: ]|[ ]$|[Ww]\.[-.\w]/.test(value)`: …except at the start (a list number, a list or
 * table marker, a space), at the end (a space), and the GFM autolink trigger "www.x". By its
 * edges and its dots: the regex tried the last two alternatives at every position.
 */
export function unsafeEdgeOrLink(value: string): boolean {
  const first = value.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 45 || first === 58 || first === 32) return true;
  if (value.charCodeAt(value.length - 1) === 32) return true;
  for (let dot = value.indexOf('.'); dot !== -1; dot = value.indexOf('.', dot + 1)) {
    const before = value.charCodeAt(dot - 1);
    if ((before === 87 || before === 119) && continuesLink(value.charCodeAt(dot + 1))) return true;
  }
  return false;
}

function copyrightFields(article: Article, site: SiteConfig): Record<string, unknown> {
  const { rights } = article;
  const isPublisher = rights.holder.name === site.publisher.name && rights.holder.url === site.publisher.url;
  return dropUndefined({
    holder: rights.holder.name,
    url: isPublisher ? undefined : rights.holder.url,
    notice: rights.notice,
    year: rights.year,
    // The site-wide default is not frozen into every article.
    usageTerms: rights.usageTerms === site.usageTerms ? undefined : rights.usageTerms,
  });
}

function variants(given: HeadlineVariantsGiven): HeadlineVariantsGiven | undefined {
  return Object.keys(given).length > 0 ? { ...given } : undefined;
}

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

const nonEmptyRecord = <T>(record: Record<string, T>): Record<string, T> | undefined =>
  Object.keys(record).length > 0 ? record : undefined;

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
