import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkGfm from 'remark-gfm';
import { yamlLibrary } from '../util/yaml-lib.js';
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
  return `---\n${frontMatterYaml(normalizedFrontMatter(article, site))}---\n\n${bodyWriter.stringify(article.body.tree)}`;
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
