import type { DiagnosticList } from '../util/diagnostics.js';
import { checkValueOf, oneOf, type ValueKind } from './feed-values.js';
import { checkCoordinateList, checkCredit, checkDuration, checkHash, checkHistory, checkItunesCategory, checkMediaGroup, checkOpenSearchQuery, checkRating, checkRestriction, checkSharing, maxLength, plainUnlessHtml, type ElementCheck } from './feed-module-checks.js';
import { attribute, elementsOf, textOf, textPlace, XML_NAMESPACE, type XmlElement } from './xml.js';

/**
 * Rules of the extension modules feeds carry (Media RSS, Dublin Core, iTunes, Feed Sync, Atom
 * Threading, OpenSearch, geo, …), as a table: for each element of a module, the type of its
 * text and attributes, which attributes and children it requires, whether it may repeat. One
 * walk over the document applies the table; elements of modules not in it are left alone.
 */

interface ElementSpec {
  /** Type of the element's text. */
  text?: ValueKind;
  /** Types of its un-namespaced attributes (`null`: allowed, any value). */
  attributes?: Readonly<Record<string, ValueKind | null>>;
  /** Attributes it must have. */
  required?: readonly string[];
  /** Only the attributes listed are allowed. */
  closedAttributes?: boolean;
  /** Local names of the parents it may appear in (any when absent). */
  parents?: readonly string[];
  /** It may appear once under one parent. */
  once?: boolean;
  /** Parents under which it may repeat although `once` (an RSS item may carry several dc:date). */
  repeatIn?: readonly string[];
  /** It may appear at most this many times under one parent. */
  max?: number;
  /** Children (same module) it must have. */
  children?: readonly string[];
  /** Checks a table cannot say. */
  check?: ElementCheck;
}

interface ModuleSpec {
  elements: Readonly<Record<string, ElementSpec>>;
  /** Only the elements listed exist in the module: others are undefined. */
  closed?: boolean;
  /** Types of the module's attributes on other elements (thr:count on atom:link). */
  attributes?: Readonly<Record<string, ValueKind>>;
}

const MEDIA_TEXT: ElementSpec = { once: true, attributes: { type: oneOf('plain', 'html') }, check: (element, report, field) => plainUnlessHtml(element, report, field) };

const GEO_POINT: Readonly<Record<string, ElementSpec>> = { latitude: { text: 'latitude' }, longitude: { text: 'longitude' } };

/** GeoRSS / GML: "latitude longitude" (a comma is tolerated). */
const COORDINATE: ValueKind = { pattern: /^[-+]?\d+\.?\d*[ ,][-+]?\d+\.?\d*$/, expected: 'a coordinate "latitude longitude", such as "45.256 -71.92"' };
const DECIMAL: ValueKind = { pattern: /^[-+]?\d+\.?\d*$/, expected: 'a decimal number' };

const DC_DATE: ElementSpec = { text: 'w3cdtf' };

/** Google Base: a number with an optional unit ("12.5 kg", "100 USD"). */
const FLOAT_UNIT: ValueKind = { pattern: /^\d+\.?\d*\s*\w*$/, expected: 'a number with an optional unit, such as "19.99 USD"' };
const G_FLOAT: ValueKind = { pattern: /^\d+\.?\d*\s*\w*/, expected: 'a number' };
const G_TEXT: ElementSpec = { text: 'plainText', once: true };
const G_DATE: ElementSpec = { text: 'iso8601', once: true };

/** Google Base attributes (g:) by type; the free-text ones are plain text, at most once. */
const GOOGLE_BASE: Readonly<Record<string, ElementSpec>> = {
  ...Object.fromEntries(
    (
      'actor agent area apparel_type artist author brand color condition course course_number course_times cuisine delivery_notes education employer ethnicity format id ' +
      'immigration_status interested_in isbn job_function job_industry job_type main_ingredient make manufacturer manufacturer_id meal_type model model_number ' +
      'name_of_item_being_reviewed news_source occupation payment_notes product_type property_type publication_name publication_volume review_type school_district ' +
      'service_type sexual_orientation size subject subject_area tax_region university upc vehicle_type vin'
    )
      .split(' ')
      .map((name) => [name, G_TEXT]),
  ),
  ...Object.fromEntries('calories cholesterol cooking_time fiber hoa_dues salary saturated_fat servings sodium total_carbs total_fat'.split(' ').map((name) => [name, { text: G_FLOAT, once: true }])),
  ...Object.fromEntries('delivery_radius megapixels memory preparation_time price processor_speed protein weight'.split(' ').map((name) => [name, { text: FLOAT_UNIT, once: true }])),
  age: { text: 'nonNegativeInteger', once: true },
  bathrooms: { text: 'nonNegativeInteger', once: true },
  bedrooms: { text: 'nonNegativeInteger', once: true },
  quantity: { text: 'nonNegativeInteger', once: true },
  pages: { text: 'positiveInteger', once: true },
  currency: { text: { pattern: /^[A-Z]{3}$/, expected: 'an ISO 4217 currency code such as "USD"' }, once: true },
  expiration_date: G_DATE,
  expiration_date_time: G_DATE,
  publish_date: G_DATE,
  image_link: { text: 'fullUrl', max: 10 },
  label: { max: 10 },
  listing_type: { text: 'trueFalse', once: true },
  pickup: { text: 'trueFalse', once: true },
  location: { text: { pattern: /^[^,]*\S[^,]*(?:,[^,]*\S[^,]*){4}$/, expected: 'a full address: street, city, state, postal code, country' }, once: true },
  from_location: { text: { pattern: /^[^,]+(?:,[^,]+){1,2}$/, expected: 'a location: city, state[, country]' }, once: true },
  to_location: { text: { pattern: /^[^,]+(?:,[^,]+){1,2}$/, expected: 'a location: city, state[, country]' }, once: true },
  gender: { text: oneOf('Male', 'M', 'Female', 'F'), once: true },
  marital_status: { text: oneOf('single', 'divorced', 'separated', 'widowed', 'married', 'in relationship'), once: true },
  payment_accepted: { text: oneOf('Cash', 'Check', 'Visa', 'MasterCard', 'AmericanExpress', 'Discover', 'WireTransfer') },
  price_type: { text: oneOf('negotiable', 'starting'), once: true },
  rating: { text: oneOf('1', '2', '3', '4', '5'), once: true },
  reviewer_type: { text: oneOf('editorial', 'user'), once: true },
  salary_type: { text: oneOf('starting', 'negotiable'), once: true },
  year: { text: { pattern: /^\d{4}$/, expected: 'a four-digit year' }, once: true },
  url_of_item_being_reviewed: { text: 'fullUrl', once: true },
};

const SX: ModuleSpec = {
  elements: {
    sharing: { attributes: { since: 'rfc3339', until: 'rfc3339', expires: 'rfc3339', window: 'nonNegativeInteger' }, once: true, check: checkSharing },
    related: { attributes: { link: 'fullUrl', type: oneOf('complete', 'aggregated'), title: null, since: 'rfc3339', until: 'rfc3339' }, required: ['link', 'type'] },
    sync: { attributes: { id: 'nonBlank', updates: 'int32', deleted: 'trueFalse', noconflicts: 'trueFalse' }, required: ['id', 'updates'], children: ['history'], once: true },
    history: { attributes: { sequence: 'int32', when: 'rfc3339', by: 'nonBlank' }, required: ['sequence'], check: checkHistory },
    conflicts: {},
  },
};

export const MODULES: Readonly<Record<string, ModuleSpec>> = {
  'http://search.yahoo.com/mrss/': {
    elements: {
      adult: { text: 'trueFalse', once: true },
      category: { attributes: { label: 'plainText', scheme: 'fullUrl' }, text: 'plainText' },
      copyright: { attributes: { url: 'fullUrl' }, once: true, text: 'plainText' },
      credit: { attributes: { role: null, scheme: 'fullUrl' }, check: checkCredit },
      description: MEDIA_TEXT,
      title: MEDIA_TEXT,
      text: { attributes: { type: oneOf('plain', 'html'), start: 'npt', end: 'npt', lang: 'language' }, check: plainUnlessHtml },
      hash: { attributes: { algo: oneOf('md5', 'sha-1') }, check: checkHash },
      player: { attributes: { url: 'fullUrl', height: 'positiveInteger', width: 'positiveInteger' }, required: ['url'] },
      rating: { check: checkRating },
      restriction: { attributes: { relationship: oneOf('allow', 'deny'), type: oneOf('country', 'uri') }, required: ['relationship'], check: checkRestriction },
      thumbnail: { attributes: { url: 'fullUrl', height: 'positiveInteger', width: 'positiveInteger', time: 'npt' }, required: ['url'] },
      content: {
        attributes: {
          url: 'fullUrl',
          fileSize: 'positiveInteger',
          type: 'mime',
          medium: oneOf('image', 'audio', 'video', 'document', 'executable'),
          isDefault: 'trueFalse',
          expression: oneOf('sample', 'full', 'nonstop'),
          bitrate: 'float',
          framerate: 'float',
          samplingrate: 'float',
          channels: 'nonNegativeInteger',
          duration: 'float',
          height: 'positiveInteger',
          width: 'positiveInteger',
          lang: 'language',
        },
      },
      group: { check: checkMediaGroup },
    },
  },
  'http://purl.org/dc/elements/1.1/': { elements: { date: { ...DC_DATE, once: true, repeatIn: ['item'] }, language: { text: 'language', once: true }, rights: { once: true } } },
  'http://purl.org/dc/terms/': {
    elements: { extent: { text: 'positiveInteger', once: true }, created: DC_DATE, issued: DC_DATE, modified: DC_DATE, dateAccepted: DC_DATE, dateCopyrighted: DC_DATE, dateSubmitted: DC_DATE },
  },
  'http://purl.org/rss/1.0/modules/content/': { elements: { encoded: { once: true } } },
  'http://purl.org/rss/1.0/modules/slash/': {
    elements: { comments: { text: 'nonNegativeInteger', once: true }, hit_parade: { text: { pattern: /^\d+(?:,\d+)*$/, expected: 'comma-separated integers' }, once: true } },
  },
  'http://wellformedweb.org/CommentAPI/': { elements: { comment: { text: 'fullUrl', once: true }, commentRss: { text: 'fullUrl', once: true } } },
  'http://backend.userland.com/blogChannelModule': {
    elements: { blogRoll: { text: 'fullUrl', once: true }, mySubscriptions: { text: 'fullUrl', once: true }, blink: { text: 'fullUrl', once: true }, changes: { text: 'fullUrl', once: true } },
  },
  'http://backend.userland.com/creativeCommonsRssModule': { elements: { license: { text: 'fullUrl' } } },
  'http://www.bloglines.com/about/specs/fac-1.0': { elements: { restriction: { attributes: { relationship: oneOf('allow', 'deny') }, required: ['relationship'], once: true } } },
  'http://purl.org/rss/1.0/modules/event/': { elements: { startdate: { text: 'iso8601', once: true }, enddate: { text: 'iso8601', once: true } } },
  'http://purl.org/rss/1.0/modules/aggregation/': { elements: { sourceURL: { text: 'fullUrl', once: true }, timestamp: { text: 'iso8601', once: true } } },
  'http://purl.org/rss/1.0/modules/syndication/': {
    elements: { updatePeriod: { text: oneOf('hourly', 'daily', 'weekly', 'monthly', 'yearly'), once: true }, updateFrequency: { text: 'positiveInteger', once: true }, updateBase: { text: 'w3cdtf', once: true } },
  },
  'http://www.w3.org/2003/01/geo/wgs84_pos#': { elements: { lat: { text: 'latitude' }, long: { text: 'longitude' }, alt: { text: DECIMAL }, Point: { children: ['lat', 'long'] } } },
  'http://www.georss.org/georss': {
    elements: {
      point: { text: COORDINATE },
      line: { check: checkCoordinateList },
      polygon: { check: checkCoordinateList },
      elev: { text: DECIMAL },
      floor: { text: 'integer' },
      radius: { text: DECIMAL },
    },
  },
  'http://www.opengis.net/gml': {
    elements: { pos: { text: COORDINATE }, lowerCorner: { text: COORDINATE }, upperCorner: { text: COORDINATE }, posList: { check: checkCoordinateList } },
  },
  'http://geourl.org/rss/module/': { elements: GEO_POINT },
  'http://postneo.com/icbm': { elements: GEO_POINT },
  'http://madskills.com/public/xml/rss/module/trackback/': {
    elements: { ping: { text: 'fullUrl', closedAttributes: true, parents: ['item', 'entry'] }, about: { text: 'fullUrl', closedAttributes: true, parents: ['item', 'entry'] } },
  },
  'http://purl.org/syndication/thread/1.0': {
    closed: true,
    elements: {
      'in-reply-to': { attributes: { ref: 'fullIri', href: 'iri', source: 'iri', type: 'mime' }, required: ['ref'] },
      total: { text: 'nonNegativeInteger', once: true },
    },
    attributes: { count: 'nonNegativeInteger', updated: 'rfc3339' },
  },
  'http://www.w3.org/2007/app': { elements: { edited: { text: 'rfc3339', once: true, parents: ['entry'] }, control: { once: true, parents: ['entry'] } } },
  'http://purl.org/syndication/history/1.0': { closed: true, elements: { complete: { once: true }, archive: { once: true } } },
  'http://feedsync.org/2007/feedsync': SX,
  'http://www.microsoft.com/schemas/rss/sse': SX,
  'http://www.itunes.com/dtds/podcast-1.0.dtd': {
    elements: {
      author: { once: true, check: maxLength(255) },
      block: { text: { oneOf: ['yes', 'no', 'clean'], ignoreCase: true }, once: true },
      explicit: { text: 'trueFalse', once: true },
      keywords: { once: true, check: maxLength(255) },
      subtitle: { once: true, check: maxLength(255) },
      summary: { once: true, check: maxLength(4000) },
      image: { attributes: { href: 'fullUrl' }, required: ['href'], once: true },
      owner: { children: ['email'], once: true },
      email: { text: 'email', once: true },
      name: { once: true, check: maxLength(255) },
      category: { required: ['text'], check: checkItunesCategory },
      'new-feed-url': { text: 'fullUrl', once: true },
      duration: { check: checkDuration, once: true },
      episode: { text: 'positiveInteger', once: true },
      season: { text: 'positiveInteger', once: true },
      episodeType: { text: oneOf('full', 'trailer', 'bonus'), once: true },
      type: { text: oneOf('episodic', 'serial'), once: true },
      pubDate: { text: 'rfc822', once: true },
    },
  },
  'http://base.google.com/ns/1.0': { elements: GOOGLE_BASE },
  'http://conversationsnetwork.org/rssNamespace-1.0/': {
    elements: {
      introMilliseconds: { text: 'nonNegativeInteger' },
      ratingCount: { text: 'nonNegativeInteger' },
      ratingIndividual: { text: 'positiveInteger' },
      ratingAverage: { text: 'float' },
      ratingTimestamp: { text: 'iso8601' },
    },
  },
  'http://rssnamespace.org/feedburner/ext/1.0': {
    elements: { feedburnerHostname: { text: 'fullUrl', once: true }, origLink: { text: 'fullUrl' }, origEnclosureLink: { text: 'fullUrl' } },
  },
  'http://a9.com/-/spec/opensearch/1.1/': {
    elements: {
      totalResults: { text: 'nonNegativeInteger', once: true },
      itemsPerPage: { text: 'nonNegativeInteger', once: true },
      startIndex: { text: 'integer', once: true },
      Query: {
        attributes: {
          role: null,
          title: 'plainText',
          totalResults: 'nonNegativeInteger',
          searchTerms: null,
          count: 'nonNegativeInteger',
          startIndex: 'integer',
          startPage: 'integer',
          language: null,
          inputEncoding: null,
          outputEncoding: null,
        },
        required: ['role'],
        check: checkOpenSearchQuery,
      },
    },
  },
};

/** Namespaces of the modules above: feed readers know them. */
export const MODULE_NAMESPACES: ReadonlySet<string> = new Set(Object.keys(MODULES));

/** Apply the module table to every element under `root` (bounded by the parser's element limit). */
export function checkModules(root: XmlElement, report: DiagnosticList): void {
  const stack: XmlElement[] = [root];
  while (stack.length > 0 && !report.full) {
    const parent = stack.pop() as XmlElement;
    let seen: Map<string, number> | undefined;
    for (const element of elementsOf(parent)) {
      stack.push(element);
      if (element.attributes.length > 0) checkModuleAttributes(element, report);
      const module = MODULES[element.uri];
      if (!module) continue;
      const field = `${parent.name}.${element.name}`;
      const spec = module.elements[element.local];
      if (!spec) {
        if (module.closed) report.add('feed-unknown-element', `${parent.name}: expected one of the elements the module defines, found undefined <${element.name}>`, element.place, { field, actual: `<${element.name}>` });
        continue;
      }
      if (spec.once || spec.max !== undefined) {
        seen ??= new Map();
        const key = `${element.uri} ${element.local}`;
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        if (spec.once && count === 2 && !spec.repeatIn?.includes(parent.local)) report.add('feed-duplicate-element', `${parent.name}: expected at most one <${element.name}>, found another`, element.place, { field, expected: 'one', actual: 'more' });
        if (spec.max !== undefined && count === spec.max + 1) report.add('feed-too-many', `${parent.name}: expected at most ${spec.max} <${element.name}>, found more`, element.place, { field, expected: `≤ ${spec.max}`, actual: 'more' });
      }
      if (spec.parents && !spec.parents.includes(parent.local)) {
        report.add('feed-unknown-element', `${parent.name}: expected <${element.name}> only in ${spec.parents.map((name) => `<${name}>`).join(' or ')}, found it here`, element.place, { field, actual: `<${element.name}>` });
        continue;
      }
      checkElement(element, spec, report, field);
    }
  }
}

function checkElement(element: XmlElement, spec: ElementSpec, report: DiagnosticList, field: string): void {
  // Booleans are compared as strings by readers: " true " is not true; other values are trimmed.
  if (spec.text !== undefined) checkValueOf(spec.text, spec.text === 'trueFalse' ? textOf(element) : textOf(element).trim(), report, field, textPlace(element));
  for (const name of spec.required ?? []) {
    if (!attribute(element, name)) report.add('feed-missing-attribute', `${field}: expected a ${name} attribute, found none`, element.place, { field: `${field}@${name}`, expected: name, actual: 'missing' });
  }
  for (const item of element.attributes) {
    if (item.uri !== '') {
      if (spec.closedAttributes && item.uri !== XML_NAMESPACE) report.add('feed-unexpected-attribute', `${field}: expected no ${item.name} attribute here, found one`, item.place, { field: `${field}@${item.name}`, actual: item.name });
      continue;
    }
    const kind = spec.attributes?.[item.local];
    if (kind === undefined) {
      if (spec.closedAttributes) report.add('feed-unexpected-attribute', `${field}: expected no ${item.name} attribute here, found one`, item.place, { field: `${field}@${item.name}`, actual: item.name });
    } else if (kind !== null) checkValueOf(kind, item.value, report, `${field}@${item.local}`, item.place);
  }
  for (const name of spec.children ?? []) {
    if (!elementsOf(element).some((node) => node.uri === element.uri && node.local === name)) {
      report.add('feed-missing-element', `${field}: expected a <${name}> child, found none`, element.place, { field: `${field}.${name}`, expected: `<${name}>`, actual: 'missing' });
    }
  }
  spec.check?.(element, report, field);
}

/** Module attributes on elements of other vocabularies (thr:count on atom:link). */
function checkModuleAttributes(element: XmlElement, report: DiagnosticList): void {
  for (const item of element.attributes) {
    const kind = item.uri === '' ? undefined : MODULES[item.uri]?.attributes?.[item.local];
    if (kind !== undefined) checkValueOf(kind, item.value, report, `${element.name}@${item.name}`, item.place);
  }
}
