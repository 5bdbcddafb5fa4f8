import type { ArticleDraft } from '../article/parse.js';
import type { TrailingCopyright } from '../article/copyright.js';
import type { FrontMatter } from '../article/frontmatter.js';
import type { Article, Organization, Person, Rights } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { outputPathOf, rebasedUrl } from '../config/urls.js';
import { formatIsoInZone, parseDateTime, wallTimeIn } from '../util/dates.js';
import type { DiagnosticList, Place } from '../util/diagnostics.js';
import { describe } from '../util/yaml-schema.js';

/**
 * The enrich step: what the site adds to what the source says. Dates are resolved in the site's
 * time zone, and the id, URL, credit and rights an article leaves out take the site's defaults.
 * (`parseArticle` then lists the source's links to the site for the build's link check.)
 * Undefined after an error.
 */
export function enrichArticle(draft: ArticleDraft, site: SiteConfig, diagnostics: DiagnosticList): Article | undefined {
  const { frontMatter, placeOf } = draft;
  const dates = resolveDates(frontMatter, placeOf, site, diagnostics);
  if (!dates) return undefined;
  const published = dates.datePublished;
  const rights = resolveRights(frontMatter, draft.copyrightLine, site, wallTimeIn(published.ms, site.timeZone).year, diagnostics, placeOf);

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
    // Of the ISO text every format writes (it has whole seconds).
    publishedMs: Date.parse(published.iso),
    modifiedMs: Date.parse(dates.dateModified?.iso ?? published.iso),
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
    body: draft.body,
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
  if (outputPathOf(article.url, site.url) === undefined) {
    // Its page lives on another host: out/ is the site's URL space, so no page of its own here.
    diagnostics.info('url-elsewhere', `Field \`url\`: ${article.url} is not under the site URL ${site.url}: no page or JSON-LD is written for this article; feeds, the sitemap and NewsML-G2 link to that URL`, placeOf('url'), {
      field: 'url',
      expected: `a URL under ${site.url} for a page in out/`,
      actual: article.url,
    });
  }
  return article;
}

const DATE_FIELDS = ['datePublished', 'dateModified', 'dateCreated', 'embargoed'] as const;
type PlaceOf = ArticleDraft['placeOf'];

interface ResolvedDate {
  ms: number;
  iso: string;
}

function resolveDates(
  frontMatter: FrontMatter,
  placeOf: PlaceOf,
  site: SiteConfig,
  diagnostics: DiagnosticList,
): Partial<Record<(typeof DATE_FIELDS)[number], ResolvedDate>> & { datePublished: ResolvedDate } | undefined {
  const resolved: Partial<Record<(typeof DATE_FIELDS)[number], ResolvedDate>> = {};
  for (const field of DATE_FIELDS) {
    const value = frontMatter[field];
    if (value === undefined) continue;
    const parsed = parseDateTime(value, site.timeZone);
    // Looked up only when something is reported: a place can cost a full YAML parse (readYamlValue).
    const place = (): Place => placeOf(field);
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
      diagnostics.error('frontmatter-date-order', `Field \`${field}\`: expected a date-time ${relation} datePublished (${datePublished.iso}), found ${other.iso}`, placeOf(field), {
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
  placeOf: PlaceOf,
): Rights {
  const given = frontMatter.copyright;
  if (given && line) {
    diagnostics.info('copyright-override', `Front matter \`copyright\` takes precedence over the copyright line \`${line.notice}\``, placeOf('copyright'));
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

