import type { Place } from '../util/diagnostics.js';
import { asList, member, parseJson, stringOf, type JsonNode, type JsonObject } from './json.js';
import type { Limits } from './limits.js';
import type { DiagnosticList } from '../util/diagnostics.js';
import type { Vocabulary } from './schemaorg.js';
import { checkIsoDate, isFullUrl, shown } from './values.js';

/**
 * JSON-LD against the schema.org vocabulary, plus Google's Article recommendations.
 * Works on single nodes, arrays of nodes and `@graph` documents; `{"@id": …}` references are
 * resolved inside the document so a graph is checked as a whole.
 */

export interface JsonLdCheckOptions {
  /** The schema.org vocabulary; absent → only the built-in (Google and shape) checks run. */
  vocabulary?: Vocabulary;
  limits?: Partial<Limits>;
  /** Where the block starts in its file (a <script> inside HTML). */
  base?: Place;
}

const SCHEMA_PREFIXES = ['https://schema.org/', 'http://schema.org/', 'schema:'];
const TEXT_TYPES = new Set(['Text', 'URL', 'CssSelectorType', 'XPathType', 'PronounceableText']);
const NUMBER_TYPES = new Set(['Number', 'Integer', 'Float']);
const DATE_TYPES = new Set(['Date', 'DateTime', 'Time']);
const ARTICLE_TYPES = new Set(['Article', 'NewsArticle', 'BlogPosting', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'BackgroundNewsArticle', 'ReviewNewsArticle', 'AskPublicNewsArticle', 'SatiricalArticle', 'LiveBlogPosting']);

export function checkJsonLdText(text: string, report: DiagnosticList, options: JsonLdCheckOptions = {}): void {
  const parsed = parseJson(text, report, { ...(options.limits ? { limits: options.limits } : {}), ...(options.base ? { base: options.base } : {}) });
  if (parsed.root) checkJsonLdTree(parsed.root, report, options.vocabulary);
}

/** Strip a schema.org prefix; undefined for terms of other vocabularies. */
function schemaTerm(term: string): string | undefined {
  for (const prefix of SCHEMA_PREFIXES) if (term.startsWith(prefix)) return term.slice(prefix.length);
  if (/^[a-zA-Z][\w-]*:/.test(term)) return undefined; // another vocabulary's IRI or prefix
  return term;
}

function hasSchemaContext(node: JsonNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'string') return /^https?:\/\/schema\.org\/?$/.test(node.value);
  if (node.kind === 'array') return node.items.some(hasSchemaContext);
  if (node.kind === 'object') return hasSchemaContext(member(node, '@vocab')?.value);
  return false;
}

const typesOf = (node: JsonObject): { name: string; place: Place }[] => {
  const entry = member(node, '@type');
  if (!entry) return [];
  return asList(entry.value).flatMap((item) => (item.kind === 'string' ? [{ name: item.value, place: item.place }] : []));
};

/** Without the vocabulary: Person, Organization and the common Organization subtypes by name. */
const PERSON_OR_ORGANIZATION = /^(?:Person|Patient|\w*Organization|Corporation|NGO|Airline|Consortium|\w*Cooperative|FundingScheme|GovernmentOrganization|LibrarySystem|LocalBusiness|\w*Store|Project|\w*Team|\w*Group|NewsMediaOrganization)$/;

const isReference = (node: JsonObject): boolean => node.entries.length === 1 && node.entries[0]?.key === '@id';

export function checkJsonLdTree(root: JsonNode, report: DiagnosticList, vocabulary?: Vocabulary): void {
  const tops: { node: JsonObject; context: boolean }[] = [];
  const rootContext = hasSchemaContext(member(root, '@context')?.value);
  const addTop = (node: JsonNode, inherited: boolean): void => {
    if (node.kind !== 'object') return;
    const context = inherited || hasSchemaContext(member(node, '@context')?.value);
    const graph = member(node, '@graph');
    if (graph) {
      for (const item of asList(graph.value)) addTop(item, context);
      return;
    }
    tops.push({ node, context });
  };
  if (root.kind === 'array') for (const item of root.items) addTop(item, false);
  else addTop(root, rootContext);
  if (root.kind !== 'object' && root.kind !== 'array') {
    report.add('jsonld-context', `Expected a JSON-LD object or array, found a ${root.kind}`, root.place, { expected: 'an object', actual: root.kind });
    return;
  }
  // Index every node with an @id, at any depth, so references resolve across the graph.
  const byId = new Map<string, JsonObject>();
  const index = (node: JsonNode, depth: number): void => {
    if (depth > 64) return;
    if (node.kind === 'array') for (const item of node.items) index(item, depth + 1);
    if (node.kind !== 'object') return;
    const id = stringOf(member(node, '@id')?.value);
    if (id !== undefined && !isReference(node) && !byId.has(id)) byId.set(id, node);
    for (const entry of node.entries) index(entry.value, depth + 1);
  };
  index(root, 0);
  const checker = new NodeChecker(report, vocabulary, byId);
  for (const { node, context } of tops) {
    if (!context) {
      report.add('jsonld-context', 'Expected "@context": "https://schema.org", found no schema.org context: the terms are not schema.org terms and were not checked', node.place, {
        field: '@context',
        expected: 'https://schema.org',
        actual: describeContext(member(node, '@context')?.value),
      });
      continue;
    }
    if (typesOf(node).length === 0 && !isReference(node)) {
      report.add('jsonld-type-missing', 'Expected an @type on a top-level node, found none', node.place, { field: '@type', expected: 'a schema.org type', actual: 'missing' });
    }
    // Every rule of the node walk needs the vocabulary: without it the walk would only allocate.
    if (vocabulary) checker.node(node, '', 0);
    checkGoogle(node, report, vocabulary, byId);
  }
}

function describeContext(node: JsonNode | undefined): string {
  if (!node) return 'missing';
  return node.kind === 'string' ? node.value : node.kind;
}

class NodeChecker {
  constructor(
    private readonly report: DiagnosticList,
    private readonly vocabulary: Vocabulary | undefined,
    private readonly byId: ReadonlyMap<string, JsonObject>,
  ) {}

  node(node: JsonObject, path: string, depth: number): void {
    if (depth > 64 || member(node, '@value')) return;
    const vocabulary = this.vocabulary;
    const known: string[] = [];
    for (const type of typesOf(node)) {
      const name = schemaTerm(type.name);
      if (name === undefined || !vocabulary) continue;
      const found = vocabulary.classes.get(name);
      if (!found) {
        this.report.add('jsonld-unknown-type', `${path || '@type'}: expected a schema.org type, found ${shown(type.name)}${suggest(name, vocabulary.classes.keys())}`, type.place, { field: `${path}@type`, expected: 'a schema.org type', actual: type.name });
        continue;
      }
      if (found.supersededBy) this.report.add('jsonld-superseded', `${path || '@type'}: expected a current type, found ${shown(name)}, superseded by ${shown(found.supersededBy)}`, type.place, { field: `${path}@type`, expected: found.supersededBy, actual: name });
      known.push(name);
    }
    for (const entry of node.entries) {
      if (entry.key.startsWith('@')) continue;
      const field = path ? `${path}.${entry.key}` : entry.key;
      const name = schemaTerm(entry.key);
      const property = name === undefined || !vocabulary ? undefined : vocabulary.properties.get(name);
      if (name !== undefined && vocabulary && !property) {
        this.report.add('jsonld-unknown-property', `${field}: expected a schema.org property, found ${shown(entry.key)}${suggest(name, vocabulary.properties.keys())}`, entry.keyPlace, { field, expected: 'a schema.org property', actual: entry.key });
      }
      if (property && vocabulary && name !== undefined) {
        if (property.supersededBy) this.report.add('jsonld-superseded', `${field}: expected a current property, found ${shown(name)}, superseded by ${shown(property.supersededBy)}`, entry.keyPlace, { field, expected: property.supersededBy, actual: name });
        if (known.length > 0 && property.domains.length > 0 && !known.some((type) => property.domains.some((domain) => vocabulary.ancestors(type).has(domain)))) {
          this.report.add('jsonld-property-domain', `${field}: expected a property of ${known.join(', ')}, found ${shown(name)}, which schema.org defines on ${property.domains.join(', ')}`, entry.keyPlace, {
            field,
            expected: `a property of ${known.join('/')}`,
            actual: name,
          });
        }
      }
      for (const value of asList(entry.value)) {
        if (property && vocabulary) this.value(value, property.ranges, field, vocabulary);
        if (value.kind === 'object') this.node(value, field, depth + 1);
      }
    }
  }

  private value(value: JsonNode, ranges: readonly string[], field: string, vocabulary: Vocabulary): void {
    if (ranges.length === 0) return;
    const range = rangeProfile(ranges, vocabulary);
    const mismatch = (actual: string, place: Place): void =>
      this.report.add('jsonld-value-type', `${field}: expected ${range.expected}, found ${actual}`, place, { field, expected: ranges.join(' | '), actual });
    switch (value.kind) {
      case 'string': {
        const text = value.value;
        if (range.dateKind !== undefined && !range.text) {
          if (range.dateKind === 'time') return;
          const result = checkIsoDate(text, range.dateKind);
          if (!result.ok) this.report.add('jsonld-date', `${field}: expected ${result.expected}, found ${shown(text)}`, value.place, { field, expected: result.expected, actual: text });
          return;
        }
        if (range.text || range.boolean || range.number) {
          if (!range.text && range.boolean && !/^(?:https?:\/\/schema\.org\/)?(?:True|False)$|^(?:true|false)$/.test(text) && !range.number) mismatch(`the string ${shown(text)}`, value.place);
          if (!range.text && !range.boolean && range.number && !/^-?\d+(?:\.\d+)?$/.test(text.trim())) mismatch(`the string ${shown(text)}`, value.place);
          return;
        }
        // Enumerations: a member's name or URL.
        const enumerationRange = range.enumerations;
        if (enumerationRange.length > 0) {
          const memberName = schemaTerm(text);
          const of = memberName === undefined ? undefined : vocabulary.members.get(memberName);
          if (of && of.some((enumeration) => enumerationRange.some((name) => vocabulary.ancestors(enumeration).has(name)))) return;
          if (range.onlyEnumerations) mismatch(`the string ${shown(text)}, not a member of ${enumerationRange.join(' or ')}`, value.place);
          return;
        }
        // schema.org lets a text (a name, or a URL standing for the thing) stand where a Thing is expected.
        return;
      }
      case 'number':
        if (!range.number && !range.text) mismatch(`the number ${value.value}`, value.place);
        else if (!range.text && !ranges.includes('Number') && !ranges.includes('Float') && ranges.includes('Integer') && !Number.isInteger(value.value)) mismatch(`the non-integer ${value.value}`, value.place);
        return;
      case 'boolean':
        if (!range.boolean) mismatch(`the boolean ${value.value}`, value.place);
        return;
      case 'null':
      case 'array':
        return;
      case 'object': {
        const literal = member(value, '@value');
        if (literal) {
          this.value(literal.value, ranges, field, vocabulary);
          return;
        }
        let target: JsonObject = value;
        if (isReference(value)) {
          const id = stringOf(member(value, '@id')?.value);
          const resolved = id === undefined ? undefined : this.byId.get(id);
          if (!resolved) return;
          target = resolved;
        }
        const types = typesOf(target).flatMap((type) => {
          const name = schemaTerm(type.name);
          return name !== undefined && vocabulary.classes.has(name) ? [name] : [];
        });
        if (types.length === 0) return;
        // Role (and its subtypes) may stand in for any value: schema.org's reified-property pattern.
        if (types.some((type) => vocabulary.ancestors(type).has('Role'))) return;
        const fits = types.some((type) => ranges.some((range) => vocabulary.ancestors(type).has(range)));
        if (!fits) mismatch(`a ${types.join('/')}${target !== value ? ` (${shown(stringOf(member(value, '@id')?.value) ?? '')})` : ''}`, value.place);
        return;
      }
    }
  }
}

/** What a property's ranges accept, worked out once per property (a graph asks for the same few again and again). */
interface RangeProfile {
  expected: string;
  /** A text type, or a subtype of one, is among the ranges. */
  text: boolean;
  number: boolean;
  boolean: boolean;
  /** Set when a date type is among the ranges: the form a string must take. */
  dateKind?: 'date' | 'datetime' | 'either' | 'time';
  enumerations: string[];
  onlyEnumerations: boolean;
}

const rangeProfiles = new WeakMap<Vocabulary, Map<readonly string[], RangeProfile>>();

function rangeProfile(ranges: readonly string[], vocabulary: Vocabulary): RangeProfile {
  let profiles = rangeProfiles.get(vocabulary);
  if (!profiles) rangeProfiles.set(vocabulary, (profiles = new Map()));
  const known = profiles.get(ranges);
  if (known) return known;
  const has = (names: ReadonlySet<string>): boolean => ranges.some((range) => names.has(range) || [...names].some((name) => vocabulary.ancestors(range).has(name)));
  const dates = ranges.filter((range) => DATE_TYPES.has(range));
  const enumerations = ranges.filter((range) => vocabulary.ancestors(range).has('Enumeration'));
  const profile: RangeProfile = {
    expected: `a value of type ${ranges.join(' or ')}`,
    text: has(TEXT_TYPES),
    number: has(NUMBER_TYPES),
    boolean: ranges.includes('Boolean'),
    ...(dates.length === 0
      ? {}
      : { dateKind: dates.every((date) => date === 'Time') ? 'time' : dates.includes('DateTime') ? (dates.includes('Date') ? 'either' : 'datetime') : dates.includes('Date') ? 'date' : 'either' }),
    enumerations,
    onlyEnumerations: enumerations.length > 0 && ranges.every((range) => enumerations.includes(range)),
  };
  profiles.set(ranges, profile);
  return profile;
}

/** " (did you mean X?)" for a near miss in case or one edit. */
function suggest(name: string, candidates: Iterable<string>): string {
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return ` (did you mean ${JSON.stringify(candidate)}?)`;
  }
  return '';
}

// ---- Google Article recommendations ------------------------------------------------------

function checkGoogle(node: JsonObject, report: DiagnosticList, vocabulary: Vocabulary | undefined, byId: ReadonlyMap<string, JsonObject>): void {
  const types = typesOf(node).map((type) => schemaTerm(type.name) ?? type.name);
  const isArticle = types.some((type) => ARTICLE_TYPES.has(type) || (vocabulary?.ancestors(type).has('Article') ?? false));
  if (!isArticle) return;
  const resolve = (value: JsonNode): JsonNode => {
    if (value.kind !== 'object' || !isReference(value)) return value;
    const id = stringOf(member(value, '@id')?.value);
    return (id === undefined ? undefined : byId.get(id)) ?? value;
  };
  const missing = ['headline', 'image', 'datePublished', 'dateModified', 'author'].filter((key) => !member(node, key));
  if (missing.length > 0) {
    report.add('google-article-recommended', `${types.join('/')}: Google recommends ${missing.join(', ')}; not found`, node.place, { expected: missing.join(', '), actual: 'missing' });
  }
  const headline = member(node, 'headline');
  const headlineText = stringOf(headline?.value);
  if (headline && headlineText !== undefined && [...headlineText].length > 110) {
    report.add('google-article-headline', `headline: expected at most 110 characters, found ${[...headlineText].length}`, headline.value.place, { field: 'headline', expected: '≤ 110 characters', actual: String([...headlineText].length) });
  }
  for (const key of ['datePublished', 'dateModified']) {
    const entry = member(node, key);
    const text = stringOf(entry?.value);
    if (!entry || text === undefined) continue;
    const result = checkIsoDate(text, 'either');
    if (result.ok && !result.hasOffset) {
      report.add('google-article-date', `${key}: expected a date-time with a time zone offset (2025-02-13T09:41:00+01:00), found ${shown(text)}`, entry.value.place, { field: key, expected: 'ISO 8601 date-time with offset', actual: text });
    }
  }
  const author = member(node, 'author');
  if (author) {
    for (const raw of asList(author.value)) {
      const value = resolve(raw);
      if (value.kind === 'string') {
        report.add('google-article-author', `author: expected a Person or Organization object with a name, found the string ${shown(value.value)}`, raw.place, { field: 'author', expected: '{"@type": "Person", "name": …}', actual: value.value });
        continue;
      }
      if (value.kind !== 'object') continue;
      if (isReference(value)) continue; // a reference outside this document
      const authorTypes = typesOf(value).map((type) => schemaTerm(type.name) ?? type.name);
      const ok = authorTypes.some((type) => (vocabulary ? vocabulary.ancestors(type).has('Person') || vocabulary.ancestors(type).has('Organization') : PERSON_OR_ORGANIZATION.test(type)));
      if (!ok) report.add('google-article-author', `author: expected @type Person or Organization, found ${authorTypes.length ? authorTypes.join('/') : 'no @type'}`, raw.place, { field: 'author.@type', expected: 'Person | Organization', actual: authorTypes.join('/') || 'missing' });
      if (!stringOf(member(value, 'name')?.value)) report.add('google-article-author', 'author: expected a name, found none', raw.place, { field: 'author.name', expected: 'a name', actual: 'missing' });
    }
  }
  const image = member(node, 'image');
  if (image) for (const raw of asList(image.value)) checkImageValue(resolve(raw), raw.place, 'image', 'google-article-image', report);
  const publisher = member(node, 'publisher');
  if (publisher) {
    for (const raw of asList(publisher.value)) {
      const value = resolve(raw);
      if (value.kind !== 'object' || isReference(value)) continue;
      const logo = member(value, 'logo');
      if (!logo) {
        report.add('google-publisher-logo', 'publisher: expected a logo (an ImageObject or URL), found none', raw.place, { field: 'publisher.logo', expected: 'a logo', actual: 'missing', severity: 'info' });
        continue;
      }
      for (const item of asList(logo.value)) checkImageValue(resolve(item), item.place, 'publisher.logo', 'google-publisher-logo', report);
    }
  }
}

function checkImageValue(value: JsonNode, place: Place, field: string, rule: 'google-article-image' | 'google-publisher-logo', report: DiagnosticList): void {
  if (value.kind === 'string') {
    if (!isFullUrl(value.value)) report.add(rule, `${field}: expected an absolute image URL, found ${shown(value.value)}`, place, { field, expected: 'an absolute URL', actual: value.value });
    return;
  }
  if (value.kind !== 'object' || isReference(value)) return;
  const url = stringOf(member(value, 'url')?.value) ?? stringOf(member(value, 'contentUrl')?.value);
  if (url === undefined || !isFullUrl(url)) {
    report.add(rule, `${field}: expected an ImageObject with an absolute url or contentUrl, found ${url === undefined ? 'none' : shown(url)}`, place, { field: `${field}.url`, expected: 'an absolute URL', actual: url ?? 'missing' });
  }
}
