import type { Diagnostic, Place, Severity } from '../util/diagnostics.js';

/**
 * Every rule the built-in checkers report: id → what it checks and where the spec says so.
 * `wirekit validate --rules` prints this table; tests assert each rule has a failing and a
 * passing fixture. Rules of the NewsML-G2 and ninjs checkers are documented beside them.
 */
export interface RuleDoc {
  /** Format family the rule belongs to. */
  scope: 'input' | 'xml' | 'feed' | 'rss' | 'atom' | 'jsonfeed' | 'json' | 'jsonld' | 'google' | 'html' | 'sitemap';
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

export const RULES = {
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
  'sitemap-news-date': { scope: 'sitemap', severity: 'error', summary: 'news:publication_date is a W3C datetime (date, or date-time with offset).', url: 'https://www.w3.org/TR/NOTE-datetime' },
} as const satisfies Record<string, RuleDoc>;

export type RuleId = keyof typeof RULES;

export function ruleDoc(id: string): RuleDoc | undefined {
  return (RULES as Record<string, RuleDoc>)[id];
}

/**
 * Collects one file's diagnostics; fills in the rule's severity and spec link; stops keeping
 * messages past a bound (a hostile file can have millions of problems).
 */
export class Report {
  readonly items: Diagnostic[] = [];
  private dropped = 0;

  constructor(
    readonly file: string,
    private readonly max = 500,
  ) {}

  add(ruleId: RuleId, message: string, place?: Place, extra: Partial<Diagnostic> & { severity?: Diagnostic['severity'] } = {}): void {
    if (this.items.length >= this.max) {
      this.dropped++;
      return;
    }
    const doc: RuleDoc = RULES[ruleId];
    const diagnostic: Diagnostic = { file: this.file, severity: doc.severity, ruleId, message, url: doc.url, ...extra };
    if (place) {
      diagnostic.line = place.line;
      diagnostic.column = place.column;
    }
    this.items.push(diagnostic);
  }

  /** Append diagnostics made elsewhere (another checker) under the same bound. */
  push(diagnostics: readonly Diagnostic[]): void {
    for (const diagnostic of diagnostics) {
      if (this.items.length >= this.max) this.dropped++;
      else this.items.push(diagnostic);
    }
  }

  get full(): boolean {
    return this.items.length >= this.max;
  }

  get errorCount(): number {
    return this.items.filter((item) => item.severity === 'error').length;
  }

  /** The diagnostics, plus one line saying how many more were dropped. */
  done(): Diagnostic[] {
    if (this.dropped > 0) {
      this.items.push({
        file: this.file,
        severity: 'info',
        ruleId: 'too-many-diagnostics',
        message: `${this.dropped} more diagnostics were not kept (at most ${this.max} a file)`,
      });
    }
    return this.items;
  }
}
