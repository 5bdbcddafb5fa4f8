import type { Severity } from './diagnostics.js';

/**
 * Every rule id wirekit reports, in one table: the article and config checks, the build's (links,
 * outputs, languages), the server's, and every checker's. Id → default severity, what it checks,
 * and where the spec (or this project's README) says so. `wirekit validate --rules` prints it;
 * test/rules-table.test.ts reads the source to keep it complete.
 */
export interface RuleDoc {
  /** Format family the rule belongs to. */
  scope: 'article' | 'config' | 'build' | 'server' | 'input' | 'xml' | 'feed' | 'rss' | 'atom' | 'jsonfeed' | 'json' | 'jsonld' | 'google' | 'html' | 'sitemap' | 'newsml' | 'ninjs';
  severity: Severity;
  summary: string;
  url: string;
  /** Message classes of the W3C Feed Validation Service this rule reports (its verdicts are compared in test/w3c-conformance). */
  w3c?: readonly string[];
}

const W3C = 'https://validator.w3.org/feed/docs';
const RSS = 'https://www.rssboard.org/rss-specification';
const ATOM = 'https://www.rfc-editor.org/rfc/rfc4287';
const JSONFEED = 'https://www.jsonfeed.org/version/1.1/';
const SCHEMA = 'https://schema.org/docs/datamodel.html';
const GOOGLE_ARTICLE = 'https://developers.google.com/search/docs/appearance/structured-data/article';
const NEWS_SITEMAP = 'https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap';
const XML = 'https://www.w3.org/TR/xml/';
const README = 'https://github.com/wirekit/wirekit#';
const INPUT_POLICY = 'https://github.com/wirekit/wirekit/blob/main/docs/input-policy.md';
const NEWSML_GUIDE = 'https://www.iptc.org/std/NewsML-G2/guidelines/';
const NEWSML_SPEC = 'https://www.iptc.org/std/NewsML-G2/2.35/specification/';
const NINJS = 'https://www.iptc.org/std/ninjs/userguide/';
const HREFLANG = 'https://developers.google.com/search/docs/specialty/international/localized-versions';

export const RULES = {
  // Articles (content/*.md): reading the source, then the enrich step
  encoding: { scope: 'article', severity: 'error', summary: 'An article is UTF-8 text.', url: `${README}writing-an-article` },
  'empty-file': { scope: 'article', severity: 'error', summary: 'An article has front matter and a body; the file is empty.', url: `${README}writing-an-article` },
  'frontmatter-missing': { scope: 'article', severity: 'error', summary: 'An article starts with front matter between --- lines.', url: `${README}front-matter-reference` },
  'frontmatter-yaml': { scope: 'article', severity: 'error', summary: 'The front matter is valid YAML, without alias bombs or runaway nesting.', url: `${README}front-matter-reference` },
  'frontmatter-required': { scope: 'article', severity: 'error', summary: 'A required front-matter field (slug, language, headline, datePublished, …) is missing.', url: `${README}front-matter-reference` },
  'frontmatter-invalid': { scope: 'article', severity: 'error', summary: 'A front-matter field has a value of the wrong kind or form.', url: `${README}front-matter-reference` },
  'frontmatter-unknown-field': { scope: 'article', severity: 'warning', summary: 'A front-matter field wirekit does not know (often a misspelling); it is ignored.', url: `${README}front-matter-reference` },
  'frontmatter-markup': { scope: 'article', severity: 'error', summary: 'A front-matter text field (headline, description, …) is plain text: no HTML or markdown markup.', url: INPUT_POLICY },
  'frontmatter-control-character': { scope: 'article', severity: 'error', summary: 'A front-matter text field holds a control character no output may carry.', url: INPUT_POLICY },
  'frontmatter-bidi': { scope: 'article', severity: 'error', summary: 'A front-matter text field holds a bidirectional override or isolate that is not closed.', url: INPUT_POLICY },
  'frontmatter-length': { scope: 'article', severity: 'error', summary: 'A front-matter text field is longer than its limit.', url: INPUT_POLICY },
  'frontmatter-date': { scope: 'article', severity: 'error', summary: 'A date field is an ISO 8601 date-time.', url: `${README}front-matter-reference` },
  'frontmatter-date-offset': { scope: 'article', severity: 'warning', summary: 'A date-time carries its offset (Z or ±hh:mm); without one it is read in the site’s time zone.', url: `${README}front-matter-reference` },
  'frontmatter-date-order': { scope: 'article', severity: 'error', summary: 'dateCreated ≤ datePublished ≤ dateModified.', url: `${README}front-matter-reference` },
  'frontmatter-signal-version': { scope: 'article', severity: 'warning', summary: 'A correction or update signal comes with version 2 or more.', url: `${README}front-matter-reference` },
  'frontmatter-translation-self': { scope: 'article', severity: 'warning', summary: 'A translation in the article’s own language is ignored in favour of headline.', url: `${README}front-matter-reference` },
  'frontmatter-entity-duplicate': { scope: 'article', severity: 'warning', summary: 'Each Wikidata entity is listed once.', url: `${README}front-matter-reference` },
  'headline-length': { scope: 'article', severity: 'warning', summary: 'A headline longer than Google’s 110 characters: JSON-LD takes the seo variant.', url: GOOGLE_ARTICLE },
  'body-empty': { scope: 'article', severity: 'error', summary: 'An article has body text (raw HTML alone is dropped from every output).', url: `${README}writing-an-article` },
  'body-nesting': { scope: 'article', severity: 'error', summary: 'The body nests quotes, lists or emphasis at most 64 levels deep.', url: INPUT_POLICY },
  'body-control-character': { scope: 'article', severity: 'warning', summary: 'Control characters in the body are removed from every output.', url: INPUT_POLICY },
  'copyright-line': { scope: 'article', severity: 'info', summary: 'A trailing Copyright © line moves from the body to the rights metadata.', url: `${README}writing-an-article` },
  'copyright-override': { scope: 'article', severity: 'info', summary: 'The front matter’s copyright takes precedence over a copyright line.', url: `${README}writing-an-article` },
  'url-elsewhere': { scope: 'article', severity: 'info', summary: 'An article URL on another host: no page here; feeds, sitemap and NewsML-G2 link there.', url: `${README}what-lands-in-out` },
  'article-unprocessable': { scope: 'article', severity: 'error', summary: 'An article could not be processed; the file is named and nothing is written.', url: `${README}diagnostics` },
  read: { scope: 'input', severity: 'error', summary: 'A file or folder the build or a check needs cannot be read.', url: 'https://nodejs.org/api/errors.html#common-system-errors' },
  // Configuration, templates and locales
  'config-json': { scope: 'config', severity: 'error', summary: 'wirekit.config.json is valid JSON.', url: `${README}configuration-file-wirekitconfig` },
  'config-yaml': { scope: 'config', severity: 'error', summary: 'A configuration file (site.json, feeds.json) can be read.', url: `${README}templates-and-configuration` },
  'config-required': { scope: 'config', severity: 'error', summary: 'A required configuration field is missing.', url: `${README}templates-and-configuration` },
  'config-invalid': { scope: 'config', severity: 'error', summary: 'A configuration field has a value of the wrong kind or form.', url: `${README}templates-and-configuration` },
  'config-unknown-field': { scope: 'config', severity: 'warning', summary: 'A configuration field wirekit does not know (often a misspelling); it is ignored.', url: `${README}templates-and-configuration` },
  'base-url': { scope: 'config', severity: 'error', summary: '--base-url is an absolute http(s) URL.', url: `${README}cli` },
  template: { scope: 'config', severity: 'error', summary: 'A page template uses only known values, with balanced sections.', url: `${README}templates-and-configuration` },
  'static-binary': { scope: 'config', severity: 'error', summary: 'templates/static/ holds text files only.', url: `${README}templates-and-configuration` },
  'locale-read': { scope: 'config', severity: 'error', summary: 'A locale file can be read.', url: `${README}languages` },
  'locale-json': { scope: 'config', severity: 'error', summary: 'A locale file is valid JSON.', url: `${README}languages` },
  'locale-value': { scope: 'config', severity: 'error', summary: 'A locale string is plain text with only known placeholders.', url: `${README}languages` },
  'locale-missing': { scope: 'config', severity: 'warning', summary: 'An output language has no locale folder: English labels are used.', url: `${README}languages` },
  'locale-missing-key': { scope: 'config', severity: 'warning', summary: 'A locale lacks a key the English locale has: the English text is used.', url: `${README}languages` },
  // The build: outputs, links, languages
  'no-articles': { scope: 'build', severity: 'warning', summary: 'The content folder holds no article.', url: `${README}writing-an-article` },
  'duplicate-slug': { scope: 'build', severity: 'error', summary: 'Each article has a slug no other article uses.', url: `${README}front-matter-reference` },
  'duplicate-id': { scope: 'build', severity: 'error', summary: 'Each article has an id no other article uses.', url: `${README}front-matter-reference` },
  'output-path-conflict': { scope: 'build', severity: 'error', summary: 'Two outputs would be written at one path of out/.', url: `${README}what-lands-in-out` },
  'link-missing': { scope: 'build', severity: 'error', summary: 'Every URL under the site URL that an output announces is a file of out/.', url: `${README}what-lands-in-out` },
  'link-body-missing': { scope: 'build', severity: 'warning', summary: 'An editor’s link to the site points at no page wirekit builds (links.body, links.notBuilt).', url: `${README}what-lands-in-out` },
  'link-canonical': { scope: 'build', severity: 'error', summary: 'A page’s canonical link is its own URL.', url: 'https://developers.google.com/search/docs/crawling-indexing/consolidate-duplicate-urls' },
  'hreflang-self': { scope: 'build', severity: 'error', summary: 'A page’s hreflang links include the page itself.', url: HREFLANG },
  'hreflang-x-default': { scope: 'build', severity: 'error', summary: 'A version group has exactly one x-default.', url: HREFLANG },
  'hreflang-missing': { scope: 'build', severity: 'error', summary: 'Every version of a story links every other version.', url: HREFLANG },
  'hreflang-reciprocal': { scope: 'build', severity: 'error', summary: 'hreflang links are reciprocal: the linked page links back.', url: HREFLANG },
  'feed-embargoed': { scope: 'build', severity: 'info', summary: 'A story under embargo is left out of the feeds until it lifts.', url: `${README}feeds` },
  'feed-not-usable': { scope: 'build', severity: 'warning', summary: 'A story cannot be a feed item (no usable text): it is left out.', url: `${README}feeds` },
  'feed-budget': { scope: 'build', severity: 'info', summary: 'The oldest items are left out to keep a feed within feeds.maxBytes.', url: `${README}feeds` },
  'i18n-missing-translation': { scope: 'build', severity: 'info', summary: 'A story without a version in an output language is left out of it (a warning for expectedLanguages).', url: `${README}languages` },
  'i18n-no-locale': { scope: 'build', severity: 'warning', summary: 'A language has no headline patterns in its locale.', url: `${README}languages` },
  'headline-variant-over-limit': { scope: 'build', severity: 'warning', summary: 'A headline variant given in the front matter is longer than its limit.', url: `${README}languages` },
  // The HTTP service
  'request-encoding': { scope: 'server', severity: 'error', summary: 'A request body is UTF-8.', url: `${README}http-service-wirekit-serve` },
  'request-json': { scope: 'server', severity: 'error', summary: 'A JSON request body is valid JSON.', url: `${README}http-service-wirekit-serve` },
  'request-yaml': { scope: 'server', severity: 'error', summary: 'A request body can be read.', url: `${README}http-service-wirekit-serve` },
  'request-required': { scope: 'server', severity: 'error', summary: 'A required request field is missing.', url: `${README}http-service-wirekit-serve` },
  'request-invalid': { scope: 'server', severity: 'error', summary: 'A request field has a value of the wrong kind or form.', url: `${README}http-service-wirekit-serve` },
  'request-unknown-field': { scope: 'server', severity: 'warning', summary: 'A request field the service does not know; it is ignored.', url: `${README}http-service-wirekit-serve` },
  'request-article': { scope: 'server', severity: 'error', summary: 'A request carries an article as markdown or as fields.', url: `${README}http-service-wirekit-serve` },
  'request-article-body': { scope: 'server', severity: 'error', summary: 'An article sent as fields has a body.', url: `${README}http-service-wirekit-serve` },
  'event-type': { scope: 'server', severity: 'error', summary: 'A webhook event is publish or unpublish.', url: `${README}http-service-wirekit-serve` },
  'event-slug': { scope: 'server', severity: 'error', summary: 'A webhook event names an article by a valid slug.', url: `${README}http-service-wirekit-serve` },
  'event-force': { scope: 'server', severity: 'error', summary: 'force replaces a newer version only for a correction.', url: `${README}http-service-wirekit-serve` },
  // Input
  'input-too-large': { scope: 'input', severity: 'error', summary: 'The file is larger than the size limit; it is not parsed.', url: 'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html' },
  'input-encoding': { scope: 'input', severity: 'error', summary: 'The bytes are not valid in the encoding the file uses (UTF-8 unless declared otherwise).', url: `${W3C}/error/UnicodeError.html`, w3c: ['UnicodeError', 'InvalidEncoding'] },
  'input-read': { scope: 'input', severity: 'error', summary: 'The file or folder cannot be read.', url: 'https://nodejs.org/api/errors.html#common-system-errors' },
  'format-unknown': { scope: 'input', severity: 'error', summary: 'The content is none of the formats wirekit validates.', url: 'https://github.com/wirekit/wirekit#validate' },
  'too-many-diagnostics': { scope: 'input', severity: 'info', summary: 'More problems were found than are kept for one file; the rest are counted.', url: 'https://github.com/wirekit/wirekit#validate' },
  'official-check-skipped': { scope: 'input', severity: 'warning', summary: 'An official schema or vocabulary was not found, so that official check did not run (the built-in rules did).', url: 'https://github.com/wirekit/wirekit#validate' },
  // XML
  'xml-well-formed': { scope: 'xml', severity: 'error', summary: 'The document is not well-formed XML.', url: `${W3C}/error/SAXError.html`, w3c: ['SAXError'] },
  'xml-undeclared-prefix': { scope: 'xml', severity: 'error', summary: 'A namespace prefix is used without an xmlns declaration.', url: `${W3C}/error/UndeclaredPrefix.html`, w3c: ['UndeclaredPrefix', 'SAXError'] },
  'xml-entity-declaration': { scope: 'xml', severity: 'error', summary: 'The DOCTYPE declares entities or an external DTD; they are never expanded or fetched.', url: 'https://www.w3.org/TR/xml/#sec-entity-decl' },
  'xml-doctype': { scope: 'xml', severity: 'warning', summary: 'A DOCTYPE is present; feeds and news documents do not use one and it is not loaded.', url: `${W3C}/error/InvalidDoctype.html`, w3c: ['InvalidDoctype'] },
  'xml-version': { scope: 'xml', severity: 'error', summary: 'The XML declaration must say version 1.0.', url: `${W3C}/error/BadXmlVersion.html`, w3c: ['BadXmlVersion'] },
  'xml-limit': { scope: 'xml', severity: 'error', summary: 'Nesting depth, attribute count or element count passes the safety bound; parsing stopped.', url: `${XML}#sec-well-formed` },
  // JSON
  'json-syntax': { scope: 'json', severity: 'error', summary: 'The document is not valid JSON.', url: 'https://www.rfc-editor.org/rfc/rfc8259' },
  'json-limit': { scope: 'json', severity: 'error', summary: 'Nesting depth or value count passes the safety bound; parsing stopped.', url: 'https://www.rfc-editor.org/rfc/rfc8259#section-9' },
  'json-duplicate-key': { scope: 'json', severity: 'warning', summary: 'An object has the same key twice; readers keep one of them at random.', url: 'https://www.rfc-editor.org/rfc/rfc8259#section-4' },
  // RSS and Atom (names follow the W3C Feed Validation Service)
  'feed-missing-element': { scope: 'feed', severity: 'error', summary: 'A required element is missing.', url: `${W3C}/error/MissingElement.html`, w3c: ['MissingElement', 'MissingDescription', 'MissingLink', 'MissingTitle', 'MissingSummary', 'MissingChannel'] },
  'feed-missing-attribute': { scope: 'feed', severity: 'error', summary: 'A required attribute is missing.', url: `${W3C}/error/MissingAttribute.html`, w3c: ['MissingAttribute', 'MissingByAndWhenAttrs', 'MissingHref'] },
  'feed-duplicate-element': { scope: 'feed', severity: 'error', summary: 'An element that may appear once appears more than once.', url: `${W3C}/error/DuplicateElement.html`, w3c: ['DuplicateElement'] },
  'feed-unknown-element': { scope: 'feed', severity: 'error', summary: 'An element the format does not define, in the format’s own namespace.', url: `${W3C}/error/UndefinedElement.html`, w3c: ['UndefinedElement'] },
  'feed-unknown-namespace': { scope: 'feed', severity: 'warning', summary: 'An element from a namespace no feed reader knows.', url: `${W3C}/warning/UnknownNamespace.html`, w3c: ['UnknownNamespace'] },
  'feed-rfc822-date': { scope: 'rss', severity: 'error', summary: 'RSS dates are RFC 822 date-times with a four-digit year and a zone (Thu, 13 Feb 2025 09:41:00 +0100).', url: `${W3C}/error/InvalidRFC2822Date.html`, w3c: ['InvalidRFC2822Date', 'IncorrectDOW'] },
  'feed-rfc3339-date': { scope: 'atom', severity: 'error', summary: 'Atom dates are RFC 3339 date-times with an offset (2025-02-13T09:41:00+01:00).', url: `${W3C}/error/InvalidRFC3339Date.html`, w3c: ['InvalidRFC3339Date'] },
  'feed-full-url': { scope: 'feed', severity: 'error', summary: 'A URL must be absolute (scheme and host), with no spaces or invalid characters.', url: `${W3C}/error/InvalidFullLink.html`, w3c: ['InvalidFullLink', 'InvalidLink', 'InvalidURIAttribute', 'InvalidURLAttribute', 'UriNotIri', 'InvalidHttpGUID'] },
  'feed-email': { scope: 'feed', severity: 'error', summary: 'The value must be an e-mail address (optionally followed by a name in parentheses).', url: `${W3C}/error/InvalidContact.html`, w3c: ['InvalidContact', 'InvalidAddrSpec'] },
  'feed-email-format': { scope: 'feed', severity: 'warning', summary: 'A contact holds an e-mail address in a form readers must dig out ("Name, address", a mailto: URL) or at a host with no domain name.', url: `${W3C}/warning/EmailFormat.html`, w3c: ['EmailFormat', 'UnknownHost'] },
  'feed-language': { scope: 'feed', severity: 'error', summary: 'A language code must be a known BCP 47 / RFC 3066 tag (en-us, it).', url: `${W3C}/error/InvalidLanguage.html`, w3c: ['InvalidLanguage'] },
  'feed-html-in-text': { scope: 'feed', severity: 'warning', summary: 'A plain-text element contains HTML markup.', url: `${W3C}/warning/ContainsHTML.html`, w3c: ['ContainsHTML', 'ContainsUndeclaredHTML'] },
  'feed-relative-url': { scope: 'feed', severity: 'warning', summary: 'HTML content contains a relative URL that readers resolve against an unknown base.', url: `${W3C}/warning/ContainsRelRef.html`, w3c: ['ContainsRelRef'] },
  'feed-unsafe-element': { scope: 'feed', severity: 'warning', summary: 'HTML content contains an element readers strip or that is a security risk (script, iframe, object, embed, meta, …).', url: `${W3C}/warning/SecurityRisk.html`, w3c: ['SecurityRisk'] },
  'feed-unsafe-attribute': { scope: 'feed', severity: 'warning', summary: 'HTML content contains an event-handler attribute (on*) or a javascript: URL.', url: `${W3C}/warning/SecurityRiskAttr.html`, w3c: ['SecurityRiskAttr'] },
  'feed-unsafe-style': { scope: 'feed', severity: 'warning', summary: 'HTML content contains a style attribute readers strip or should not obey: a hazard (expression(), url(), behavior, -moz-binding, position:fixed), a property outside the sanitizers’ allow-list (mso-*, tab-stops, …) or an outsized margin or padding.', url: `${W3C}/warning/DangerousStyleAttr.html`, w3c: ['DangerousStyleAttr'] },
  'feed-rfc822-date-problematic': { scope: 'rss', severity: 'warning', summary: 'A date mail readers still parse but that breaks RFC 822 (two-digit year, comments, a military zone letter).', url: `${W3C}/warning/ProblematicalRFC822Date.html`, w3c: ['ProblematicalRFC822Date'] },
  'feed-w3cdtf-date': { scope: 'feed', severity: 'error', summary: 'Dublin Core and module dates are W3C-DTF / ISO 8601 (2025-02-13 or 2025-02-13T09:41:00+01:00).', url: `${W3C}/error/InvalidW3CDTFDate.html`, w3c: ['InvalidW3CDTFDate', 'InvalidISO8601DateTime', 'InvalidISO8601Date'] },
  'feed-number': { scope: 'feed', severity: 'error', summary: 'A number is malformed or out of range (integer, positive or non-negative integer, decimal, latitude, longitude, image size, hour).', url: `${W3C}/error/InvalidInteger.html`, w3c: ['InvalidInteger', 'InvalidPositiveInteger', 'InvalidNonNegativeInteger', 'InvalidIntegerAttribute', 'IntegerOverflow', 'InvalidFloat', 'InvalidLatitude', 'InvalidLongitude', 'InvalidWidth', 'InvalidHeight'] },
  'feed-boolean': { scope: 'feed', severity: 'error', summary: 'A flag must be exactly "true" or "false".', url: `${W3C}/error/InvalidTrueFalse.html`, w3c: ['InvalidTrueFalse', 'InvalidYesNo'] },
  'feed-value': { scope: 'feed', severity: 'error', summary: 'A value is not one the element’s vocabulary allows (a day name, an EBU role, a rating, a country code, a category, a duration, a play time, …).', url: `${W3C}/error/InvalidValue.html`, w3c: ['InvalidValue', 'InvalidCoord', 'InvalidCoordList', 'InvalidYesNoClean', 'InvalidDay', 'InvalidHour', 'InvalidFloatUnit', 'InvalidYear', 'InvalidLocation', 'InvalidFullLocation', 'InvalidCurrencyUnit', 'InvalidPriceType', 'InvalidGender', 'InvalidMaritalStatus', 'InvalidPaymentMethod', 'InvalidRatingType', 'InvalidReviewerType', 'InvalidSalaryType', 'InvalidSseType', 'InvalidCreditRole', 'InvalidMediaTextType', 'InvalidMediaRating', 'InvalidMediaRestriction', 'InvalidMediaRestrictionRel', 'InvalidMediaHash', 'InvalidMediaMedium', 'InvalidMediaExpression', 'InvalidCountryCode', 'InvalidNPTTime', 'InvalidItunesCategory', 'InvalidItunesEpisodeType', 'InvalidItunesChannelType', 'InvalidDuration', 'InvalidLocalRole', 'InvalidEncoding', 'NotURLEncoded', 'InvalidNSS', 'InvalidUpdatePeriod'] },
  'feed-uri-char': { scope: 'feed', severity: 'error', summary: 'A URI or IRI contains a character it cannot hold (white space, <, >, ", {, }, |, \\, ^, `, a stray %).', url: `${W3C}/error/InvalidUriChar.html`, w3c: ['InvalidUriChar', 'InvalidIRI'] },
  'feed-mime-type': { scope: 'feed', severity: 'error', summary: 'A type attribute must be a MIME type (type/subtype); Atom content with src takes a MIME type, not text, html or xhtml.', url: `${W3C}/error/InvalidMIMEType.html`, w3c: ['InvalidMIMEType', 'InvalidMIMEAttribute'] },
  'feed-unexpected-attribute': { scope: 'feed', severity: 'error', summary: 'An attribute the element does not define (often a misspelling: isPermalink for isPermaLink).', url: `${W3C}/error/UnexpectedAttribute.html`, w3c: ['UnexpectedAttribute'] },
  'feed-unexpected-text': { scope: 'feed', severity: 'error', summary: 'Text where only child elements belong, or child elements where only text belongs.', url: `${W3C}/error/UnexpectedText.html`, w3c: ['UnexpectedText'] },
  'feed-whitespace': { scope: 'atom', severity: 'error', summary: 'Atom dates and URIs carry no leading or trailing white space.', url: `${W3C}/error/UnexpectedWhitespace.html`, w3c: ['UnexpectedWhitespace'] },
  'feed-too-long': { scope: 'feed', severity: 'error', summary: 'A value is longer than its module allows (iTunes keywords and subtitle 255 characters, OpenSearch title 256).', url: `${W3C}/error/TooLong.html`, w3c: ['TooLong'] },
  'feed-too-many': { scope: 'feed', severity: 'error', summary: 'An element repeats more often than its module allows (Google Base: at most 10 image links or labels).', url: `${W3C}/error/TooMany.html`, w3c: ['TooMany'] },
  'feed-blank': { scope: 'feed', severity: 'warning', summary: 'An element readers show or key on (a title, an id, a guid, an author name, a category term, content) is blank.', url: `${W3C}/warning/NotBlank.html`, w3c: ['NotBlank'] },
  'feed-date-order': { scope: 'feed', severity: 'error', summary: 'A period starts after it ends (Feed Sync since after until).', url: `${W3C}/error/SinceAfterUntil.html`, w3c: ['SinceAfterUntil'] },
  'feed-size': { scope: 'feed', severity: 'warning', summary: 'The feed is larger than 5,000,000 bytes: the W3C Feed Validation Service refuses it (ValidatorLimit) and aggregators drop or cut it.', url: `${W3C}/error/ValidatorLimit.html`, w3c: ['ValidatorLimit'] },
  'media-group-alternatives': { scope: 'feed', severity: 'error', summary: 'A <media:group> holds alternatives of one thing: at least two <media:content>.', url: `${W3C}/error/MediaGroupWithoutAlternatives.html`, w3c: ['MediaGroupWithoutAlternatives'] },
  'rss-version': { scope: 'rss', severity: 'error', summary: 'The root must be <rss version="2.0"> with one <channel>.', url: `${W3C}/error/InvalidRSSVersion.html`, w3c: ['InvalidRSSVersion'] },
  'rss-guid-permalink': { scope: 'rss', severity: 'error', summary: 'A guid is a permalink unless isPermaLink="false"; a permalink must be a full URL.', url: `${W3C}/error/InvalidHttpGUID.html`, w3c: ['InvalidHttpGUID', 'InvalidPermalink'] },
  'rss-boolean': { scope: 'rss', severity: 'error', summary: 'isPermaLink must be "true" or "false".', url: `${W3C}/error/InvalidBooleanAttribute.html`, w3c: ['InvalidBooleanAttribute'] },
  'rss-missing-guid': { scope: 'rss', severity: 'warning', summary: 'An item should have a guid so readers can tell new items from changed ones.', url: `${W3C}/warning/MissingGuid.html`, w3c: ['MissingGuid'] },
  'rss-item-title-or-description': { scope: 'rss', severity: 'error', summary: 'An item must have a title or a description.', url: `${W3C}/error/ItemMustContainTitleOrDescription.html`, w3c: ['ItemMustContainTitleOrDescription'] },
  'rss-duplicate-guid': { scope: 'rss', severity: 'error', summary: 'Two items have the same guid.', url: `${W3C}/error/DuplicateValue.html`, w3c: ['DuplicateValue'] },
  'rss-enclosure': { scope: 'rss', severity: 'error', summary: 'An enclosure needs url (full URL), length (bytes, an integer) and type (a MIME type).', url: `${RSS}#ltenclosuregtSubelementOfLtitemgt`, w3c: ['InvalidEnclosure', 'MissingAttribute', 'InvalidIntegerAttribute', 'UseZeroForUnknown', 'InvalidURLAttribute', 'InvalidMIMEAttribute'] },
  'rss-self-link': { scope: 'rss', severity: 'warning', summary: 'The channel should have <atom:link rel="self" type="application/rss+xml"> with the feed’s own URL.', url: `${W3C}/warning/MissingAtomSelfLink.html`, w3c: ['MissingAtomSelfLink'] },
  'rss-text-input': { scope: 'rss', severity: 'warning', summary: 'The channel has a <textInput>: hardly any reader supports it.', url: `${W3C}/warning/AvoidTextInput.html`, w3c: ['AvoidTextInput'] },
  'itunes-recommended': { scope: 'rss', severity: 'warning', summary: 'A podcast feed (one using itunes: elements) has language, itunes:category, itunes:explicit and itunes:owner with itunes:email.', url: `${W3C}/warning/MissingItunesElement.html`, w3c: ['MissingItunesElement', 'MissingItunesEmail'] },
  'rss-duplicate-semantics': { scope: 'rss', severity: 'warning', summary: 'A core element and a module element that mean the same (author and dc:creator, pubDate and dc:date, language and dc:language, …), or an RSS 2.0 item’s xhtml:body beside description.', url: `${W3C}/warning/DuplicateSemantics.html`, w3c: ['DuplicateSemantics', 'DuplicateItemSemantics', 'DuplicateDescriptionSemantics'] },
  'rss-content-without-description': { scope: 'rss', severity: 'warning', summary: 'An item has content:encoded but no description: readers that ignore the module show nothing.', url: `${W3C}/warning/NeedDescriptionBeforeContent.html`, w3c: ['NeedDescriptionBeforeContent'] },
  'rss-image-mismatch': { scope: 'rss', severity: 'warning', summary: 'The channel image’s title or link differs from the channel’s (RSS 2.0: they are the same, the image links to the site).', url: `${W3C}/warning/ImageTitleDoesntMatch.html`, w3c: ['ImageTitleDoesntMatch', 'ImageLinkDoesntMatch'] },
  'rss-author-name': { scope: 'rss', severity: 'warning', summary: '<author> is an e-mail address; put a name without address in <dc:creator>.', url: `${W3C}/warning/MissingRealName.html`, w3c: ['MissingRealName'] },
  'atom-id': { scope: 'atom', severity: 'error', summary: 'An atom:id must be an absolute IRI (tag:, urn:, https:).', url: `${W3C}/error/InvalidFullLink.html`, w3c: ['InvalidFullLink', 'InvalidUUID', 'InvalidTAG', 'InvalidURN'] },
  'atom-duplicate-id': { scope: 'atom', severity: 'warning', summary: 'Two entries have the same atom:id and the same atom:updated (versions of one entry must differ in updated).', url: `${W3C}/error/DuplicateIds.html`, w3c: ['DuplicateEntries'] },
  'atom-author': { scope: 'atom', severity: 'error', summary: 'A feed needs an author, or every entry needs one; an author needs a name.', url: `${ATOM}#section-4.1.1`, w3c: ['MissingAuthor', 'MissingElement'] },
  'atom-link': { scope: 'atom', severity: 'error', summary: 'An entry without content needs a rel="alternate" link; links need href.', url: `${W3C}/error/MissingAlternateLink.html`, w3c: ['MissingAlternateLink', 'MissingHref', 'MissingContentOrAlternate'] },
  'atom-self-link': { scope: 'atom', severity: 'warning', summary: 'The feed should have <link rel="self"> with its own URL.', url: `${W3C}/warning/MissingSelf.html`, w3c: ['MissingSelf'] },
  'atom-text-type': { scope: 'atom', severity: 'error', summary: 'A text construct type is text, html or xhtml; xhtml content is one xhtml:div.', url: `${ATOM}#section-3.1.1`, w3c: ['InvalidTextType', 'NotInline', 'InvalidXhtml', 'MissingXhtmlDiv'] },
  'atom-category-term': { scope: 'atom', severity: 'error', summary: 'A category needs a term attribute.', url: `${ATOM}#section-4.2.2`, w3c: ['MissingAttribute'] },
  'atom-duplicate-link': { scope: 'atom', severity: 'error', summary: 'Two alternate links with the same type and hreflang.', url: `${W3C}/error/DuplicateAtomLink.html`, w3c: ['DuplicateAtomLink'] },
  'atom-link-rel': { scope: 'atom', severity: 'warning', summary: 'A link relation is neither an IANA-registered name nor an absolute IRI, or a paging relation (first, last, next, previous) sits on an entry.', url: `${W3C}/warning/UnregisteredAtomLinkRel.html`, w3c: ['UnregisteredAtomLinkRel', 'FeedHistoryRelInEntry'] },
  'atom-misplaced-metadata': { scope: 'atom', severity: 'error', summary: 'Feed metadata comes before the first entry.', url: `${W3C}/error/MisplacedMetadata.html`, w3c: ['MisplacedMetadata'] },
  'atom-missing-textual-content': { scope: 'atom', severity: 'warning', summary: 'An entry has neither <content> nor <summary>: readers show a bare headline.', url: `${W3C}/warning/MissingTextualContent.html`, w3c: ['MissingTextualContent'] },
  'atom-feed-history': { scope: 'atom', severity: 'error', summary: 'Feed paging and archiving (RFC 5005): a complete feed has no paging links, its current link is itself, and the last page has no next link.', url: `${W3C}/error/FeedRelInCompleteFeed.html`, w3c: ['FeedRelInCompleteFeed', 'CurrentNotSelfInCompleteFeed', 'LinkPastEnd'] },
  // JSON Feed
  'jsonfeed-schema': { scope: 'jsonfeed', severity: 'error', summary: 'The document does not match the JSON Feed 1.1 JSON Schema.', url: JSONFEED },
  'jsonfeed-version': { scope: 'jsonfeed', severity: 'warning', summary: 'version should be https://jsonfeed.org/version/1.1.', url: `${JSONFEED}#top-level-a-name-top-level-a` },
  'jsonfeed-authors': { scope: 'jsonfeed', severity: 'warning', summary: 'JSON Feed 1.1 uses `authors` (an array); `author` is deprecated.', url: `${JSONFEED}#changes-a-name-changes-a` },
  'jsonfeed-item-id': { scope: 'jsonfeed', severity: 'error', summary: 'Every item has a unique id, a string.', url: `${JSONFEED}#items-a-name-items-a` },
  'jsonfeed-content': { scope: 'jsonfeed', severity: 'error', summary: 'Every item has content_html or content_text.', url: `${JSONFEED}#items-a-name-items-a` },
  'jsonfeed-date': { scope: 'jsonfeed', severity: 'error', summary: 'Dates are RFC 3339 date-times with an offset.', url: `${JSONFEED}#items-a-name-items-a` },
  'jsonfeed-url': { scope: 'jsonfeed', severity: 'error', summary: 'home_page_url, feed_url, url and image URLs are absolute.', url: `${JSONFEED}#top-level-a-name-top-level-a` },
  // JSON-LD and schema.org
  'jsonld-context': { scope: 'jsonld', severity: 'warning', summary: 'The document needs "@context": "https://schema.org" for its terms to mean anything.', url: 'https://www.w3.org/TR/json-ld11/#the-context' },
  'jsonld-unknown-type': { scope: 'jsonld', severity: 'error', summary: 'The @type is not a schema.org type.', url: SCHEMA },
  'jsonld-unknown-property': { scope: 'jsonld', severity: 'error', summary: 'The property is not a schema.org property.', url: SCHEMA },
  'jsonld-property-domain': { scope: 'jsonld', severity: 'warning', summary: 'The property is not expected on this type (schema.org domainIncludes, inheritance included).', url: SCHEMA },
  'jsonld-value-type': { scope: 'jsonld', severity: 'warning', summary: 'The value is not of a type the property expects (schema.org rangeIncludes).', url: SCHEMA },
  'jsonld-date': { scope: 'jsonld', severity: 'error', summary: 'A Date / DateTime value is an ISO 8601 date or date-time.', url: 'https://schema.org/DateTime' },
  'jsonld-superseded': { scope: 'jsonld', severity: 'warning', summary: 'The type or property is superseded by another in schema.org.', url: 'https://schema.org/supersededBy' },
  'jsonld-type-missing': { scope: 'jsonld', severity: 'warning', summary: 'A top-level node has no @type.', url: 'https://www.w3.org/TR/json-ld11/#specifying-the-type' },
  'google-article-recommended': { scope: 'google', severity: 'info', summary: 'Google recommends headline, image, datePublished, dateModified and author on an Article.', url: GOOGLE_ARTICLE },
  'google-article-headline': { scope: 'google', severity: 'warning', summary: 'Google: a concise headline (at most 110 characters); longer ones are truncated.', url: GOOGLE_ARTICLE },
  'google-article-date': { scope: 'google', severity: 'warning', summary: 'Google: datePublished and dateModified in ISO 8601 with a time zone offset.', url: GOOGLE_ARTICLE },
  'google-article-author': { scope: 'google', severity: 'warning', summary: 'Google: each author is a Person or Organization with a name (not a plain string).', url: `${GOOGLE_ARTICLE}#author-bp` },
  'google-article-image': { scope: 'google', severity: 'warning', summary: 'Google: image is an absolute URL or an ImageObject with one.', url: GOOGLE_ARTICLE },
  'google-publisher-logo': { scope: 'google', severity: 'warning', summary: 'The publisher has a logo: an absolute URL or an ImageObject with one.', url: 'https://developers.google.com/search/docs/appearance/structured-data/organization' },
  'html-jsonld-missing': { scope: 'html', severity: 'warning', summary: 'The HTML page has no <script type="application/ld+json"> block.', url: GOOGLE_ARTICLE },
  'html-jsonld-unescaped': { scope: 'html', severity: 'error', summary: 'The JSON-LD block must not contain a literal "</script" or "<!--".', url: 'https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements' },
  // News sitemap
  'sitemap-root': { scope: 'sitemap', severity: 'error', summary: 'The root is <urlset> in the sitemap namespace and has at most 1,000 news URLs.', url: NEWS_SITEMAP },
  'sitemap-loc': { scope: 'sitemap', severity: 'error', summary: 'Every <url> has one absolute <loc>, unique in the file, at most 2,048 characters.', url: 'https://www.sitemaps.org/protocol.html#locdef' },
  'sitemap-news': { scope: 'sitemap', severity: 'error', summary: '<news:news> needs publication (name, language), publication_date and title.', url: NEWS_SITEMAP },
  'sitemap-news-language': { scope: 'sitemap', severity: 'error', summary: 'news:language is an ISO 639 code (zh-cn and zh-tw for Chinese).', url: NEWS_SITEMAP },
  // NewsML-G2 (the built-in rules say in plain words what the XSD says cryptically)
  'newsml-root': { scope: 'newsml', severity: 'error', summary: 'The root is <newsItem>, <newsMessage> (or another G2 item) in the NewsML-G2 namespace.', url: `${NEWSML_GUIDE}#_document_structure` },
  'newsml-standardversion': { scope: 'newsml', severity: 'error', summary: 'standardversion is two-part (2.35), never three-part.', url: `${NEWSML_GUIDE}#_item_attributes` },
  'newsml-itemmeta-order': { scope: 'newsml', severity: 'error', summary: 'itemMeta children follow the XSD sequence (embargoed before pubStatus, …).', url: `${NEWSML_GUIDE}#_item_metadata` },
  'newsml-contentmeta-order': { scope: 'newsml', severity: 'error', summary: 'In contentMeta, every administrative element comes before every descriptive one.', url: `${NEWSML_GUIDE}#_content_metadata` },
  'newsml-qcode': { scope: 'newsml', severity: 'error', summary: 'Every QCode is scheme:code.', url: `${NEWSML_GUIDE}#_qcodes` },
  'newsml-inlinexml-namespace': { scope: 'newsml', severity: 'error', summary: 'Content of inlineXML is namespaced; an XHTML body carries xmlns="http://www.w3.org/1999/xhtml".', url: `${NEWSML_GUIDE}#_inline_content` },
  'newsml-message-header': { scope: 'newsml', severity: 'error', summary: 'A newsMessage starts with a header whose first child is sent, then an itemSet.', url: `${NEWSML_GUIDE}#_news_message` },
  'newsml-xsd': { scope: 'newsml', severity: 'error', summary: 'The document is valid against the NewsML-G2 2.35 All-Power XSD.', url: NEWSML_SPEC },
  'newsml-xsd-skipped': { scope: 'newsml', severity: 'info', summary: 'No schemas folder was given: only the built-in rules ran.', url: NEWSML_SPEC },
  'newsml-xsd-unavailable': { scope: 'newsml', severity: 'warning', summary: 'The schemas folder does not hold the NewsML-G2 2.35 XSD: only the built-in rules ran.', url: NEWSML_SPEC },
  // ninjs
  'ninjs-schema': { scope: 'ninjs', severity: 'error', summary: 'The document is valid against the IPTC ninjs 3.1 JSON Schema.', url: NINJS },
  'ninjs-uri': { scope: 'ninjs', severity: 'error', summary: 'A ninjs document is an object with a uri (its only required property).', url: NINJS },
  'ninjs-schema-skipped': { scope: 'ninjs', severity: 'info', summary: 'No schemas folder was given: only the basic shape was checked.', url: NINJS },
  'ninjs-schema-unavailable': { scope: 'ninjs', severity: 'warning', summary: 'The schemas folder does not hold the ninjs 3.1 schema: only the basic shape was checked.', url: NINJS },
  'sitemap-news-date': { scope: 'sitemap', severity: 'error', summary: 'news:publication_date is a W3C datetime (date, or date-time with offset).', url: 'https://www.w3.org/TR/NOTE-datetime' },
} as const satisfies Record<string, RuleDoc>;

export type RuleId = keyof typeof RULES;

/** The rows of one scope (the NewsML-G2 checker's, say), by id. */
export function rulesOf(scope: RuleDoc['scope']): Record<string, RuleDoc> {
  return Object.fromEntries(Object.entries(RULES).filter(([, doc]) => doc.scope === scope));
}

export function ruleDoc(id: string): RuleDoc | undefined {
  return (RULES as Record<string, RuleDoc>)[id];
}
