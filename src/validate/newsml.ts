import { DEFAULT_LIMITS } from './limits.js';
import { DiagnosticList, ruleDiagnostic, type Diagnostic, type Place } from '../util/diagnostics.js';
import { RULES, rulesOf, type RuleId } from '../util/rules.js';
import type { Checker, CheckOptions } from './types.js';
import { attribute, elementsOf, parseXml, type XmlElement } from './xml.js';
import { loadNewsmlSchemas, validateWithXsd, type XsdDocument } from './xsd.js';

/**
 * NewsML-G2 checker: the official 2.35 XSD (when a schemas folder is given) plus built-in rules
 * that work without it and say in plain words what the XSD says cryptically (or, for
 * `inlineXML`, not at all: its content is `processContents="lax"`). Rules are documented here.
 */
const NAR = 'http://iptc.org/std/nar/2006-10-01/';
const XHTML = 'http://www.w3.org/1999/xhtml';

/** The NewsML-G2 rows of the rule table (`RULES`). */
export const NEWSML_RULES = rulesOf('newsml');

export type NewsmlRuleId = Extract<RuleId, `newsml-${string}`>;

/** Check one NewsML-G2 document (a newsItem or a newsMessage). */
export const checkNewsml: Checker = async (text, options) => {
  const [diagnostics = []] = await checkNewsmlDocuments([{ file: options.file, text }], options);
  return diagnostics;
};

/**
 * Check many documents at once: built-in rules on each, then the XSD (one compiled schema) on all that parse.
 * Diagnostics per document, in input order.
 */
export async function checkNewsmlDocuments(
  documents: readonly XsdDocument[],
  options: Pick<CheckOptions, 'schemasDir'> = {},
): Promise<Diagnostic[][]> {
  const reports = documents.map((document) => checkNewsmlStructure(document.text, document.file));
  const wellFormed = documents.map((_, index) => index).filter((index) => reports[index]?.parsed === true);
  const results = reports.map((report) => report.diagnostics);
  if (options.schemasDir === undefined) {
    for (const [index, document] of documents.entries()) {
      results[index]?.push(diagnostic(document.file, 'newsml-xsd-skipped', 'XSD validation skipped: no schemas folder given (built-in NewsML-G2 rules only)'));
    }
    return results;
  }
  let schemas;
  try {
    schemas = await loadNewsmlSchemas(options.schemasDir);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    for (const [index, document] of documents.entries()) {
      results[index]?.push(
        diagnostic(document.file, 'newsml-xsd-unavailable', `XSD validation skipped: expected the NewsML-G2 2.35 schema in ${options.schemasDir}/newsml-g2-2.35/, found ${reason}`),
      );
    }
    return results;
  }
  const checked = await validateWithXsd(
    wellFormed.map((index) => documents[index] as XsdDocument),
    schemas,
    { ruleId: 'newsml-xsd', url: RULES['newsml-xsd'].url },
  );
  checked.forEach((diagnostics, position) => results[wellFormed[position] ?? -1]?.push(...diagnostics));
  return results;
}

export interface StructureResult {
  /** False when the text is not well-formed XML (then the XSD is not run: it would repeat the error). */
  parsed: boolean;
  diagnostics: Diagnostic[];
}

/** The built-in rules alone: no schema, no I/O, synchronous. */
export function checkNewsmlStructure(text: string, file: string): StructureResult {
  const report = new DiagnosticList(file, DEFAULT_LIMITS.maxDiagnostics);
  const document = parseXml(text, report);
  const root = document.root;
  if (root) report.push(ruleFindings(root, file));
  return { parsed: root !== undefined, diagnostics: report.done() };
}

function ruleFindings(root: XmlElement, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const add = (ruleId: NewsmlRuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): void => {
    found.push(diagnostic(file, ruleId, message, place, extra));
  };
  if (root.uri !== NAR || !G2_ROOTS.has(root.local)) {
    add('newsml-root', `Expected <newsItem> or <newsMessage> (or another G2 item) in the namespace ${NAR}, found <${root.name}>${root.uri ? ` in ${root.uri}` : ' in no namespace'}`, root.place, {
      expected: `<newsItem xmlns="${NAR}"> or <newsMessage xmlns="${NAR}">`,
      actual: `<${root.name}>`,
    });
  } else if (root.local === 'newsMessage') {
    checkMessage(root, add);
  } else {
    checkItem(root, add);
  }
  checkQCodes(root, add);
  return found;
}

/** Root elements of the NewsML-G2 All-Power schema. */
const G2_ROOTS = new Set(['newsItem', 'newsMessage', 'packageItem', 'conceptItem', 'knowledgeItem', 'planningItem', 'catalogItem']);

type Add = (ruleId: NewsmlRuleId, message: string, place?: Place, extra?: Partial<Diagnostic>) => void;

const diagnostic = (file: string, ruleId: NewsmlRuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): Diagnostic =>
  ruleDiagnostic(file, ruleId, message, place, extra);

const narChildren = (element: XmlElement): XmlElement[] => elementsOf(element).filter((child) => child.uri === NAR);
const at = (place: Place): string => `${place.line}:${place.column}`;

function checkMessage(message: XmlElement, add: Add): void {
  const [first, second] = elementsOf(message);
  if (first?.uri !== NAR || first.local !== 'header') {
    add('newsml-message-header', `Expected <header> as the first child of <newsMessage>, found ${first ? `<${first.name}>` : 'none'}`, first?.place ?? message.place, {
      expected: '<header><sent>…</sent>…</header>',
      actual: first ? `<${first.name}>` : 'none',
    });
  } else {
    const sent = elementsOf(first)[0];
    if (sent?.uri !== NAR || sent.local !== 'sent') {
      add('newsml-message-header', `Expected <sent> as the first child of <header>, found ${sent ? `<${sent.name}>` : 'none'}`, sent?.place ?? first.place, {
        expected: '<sent>',
        actual: sent ? `<${sent.name}>` : 'none',
      });
    }
  }
  const itemSet = first?.local === 'header' ? second : first;
  if (itemSet?.uri === NAR && itemSet.local === 'itemSet') {
    for (const item of narChildren(itemSet)) if (item.local.endsWith('Item')) checkItem(item, add);
  }
}

/** The itemMeta sequence (ItemManagementGroup, then link and extensions). */
const ITEM_META_ORDER = [
  'itemClass', 'provider', 'versionCreated', 'firstCreated', 'embargoed', 'pubStatus', 'role', 'fileName', 'generator', 'profile', 'service',
  'title', 'edNote', 'memberOf', 'instanceOf', 'signal', 'altRep', 'deliverableOf', 'hash', 'expires', 'origRep', 'incomingFeedId',
  'metadataCreator', 'link', 'itemMetaExtProperty',
];
/** contentMeta: icon, then AdministrativeMetadataGroup (its first four in sequence, then a free choice). */
const CONTENT_META_ADMIN_ORDER = ['icon', 'urgency', 'contentCreated', 'contentModified', 'digitalSourceType'];
const CONTENT_META_ADMIN_CHOICE = new Set(['located', 'infoSource', 'creator', 'contributor', 'audience', 'exclAudience', 'altId', 'rating', 'userInteraction']);
const CONTENT_META_DESCRIPTIVE = new Set(['language', 'genre', 'keyword', 'subject', 'slugline', 'headline', 'dateline', 'by', 'creditline', 'description']);

function checkItem(item: XmlElement, add: Add): void {
  const version = attribute(item, 'standardversion');
  if (version && !/^[0-9]+\.[0-9]+$/.test(version.value)) {
    add('newsml-standardversion', `Expected a two-part standardversion such as "2.35", found ${JSON.stringify(version.value)}`, version.place, {
      field: `${item.local}@standardversion`,
      expected: 'major.minor, e.g. 2.35',
      actual: version.value,
    });
  }
  for (const child of narChildren(item)) {
    if (child.local === 'itemMeta') checkSequence(child, ITEM_META_ORDER, 'newsml-itemmeta-order', add);
    if (child.local === 'contentMeta') checkContentMeta(child, add);
    if (child.local === 'contentSet') for (const inline of narChildren(child)) if (inline.local === 'inlineXML') checkInlineXml(inline, add);
  }
}

/** Children must not go back in `order`; the first one that does is reported with the one it follows. */
function checkSequence(parent: XmlElement, order: readonly string[], ruleId: NewsmlRuleId, add: Add): void {
  let last: XmlElement | undefined;
  let lastRank = -1;
  for (const child of narChildren(parent)) {
    const rank = order.indexOf(child.local);
    if (rank === -1) continue;
    if (rank < lastRank && last) {
      add(ruleId, `Expected <${child.local}> before <${last.local}> in <${parent.local}>, found it after (<${last.local}> is at ${at(last.place)})`, child.place, {
        field: `${parent.local}/${child.local}`,
        expected: `<${child.local}> before <${last.local}>`,
        actual: `<${child.local}> after <${last.local}>`,
      });
      return;
    }
    last = child;
    lastRank = rank;
  }
}

function checkContentMeta(meta: XmlElement, add: Add): void {
  let firstDescriptive: XmlElement | undefined;
  let lastAdmin: XmlElement | undefined;
  let lastAdminRank = -1;
  for (const child of narChildren(meta)) {
    const rank = CONTENT_META_ADMIN_ORDER.indexOf(child.local);
    const administrative = rank !== -1 || CONTENT_META_ADMIN_CHOICE.has(child.local);
    if (administrative && firstDescriptive) {
      add(
        'newsml-contentmeta-order',
        `Expected administrative <${child.local}> before every descriptive element of <contentMeta>, found it after descriptive <${firstDescriptive.local}> (at ${at(firstDescriptive.place)})`,
        child.place,
        { field: `contentMeta/${child.local}`, expected: `<${child.local}> before <${firstDescriptive.local}>`, actual: `<${child.local}> after <${firstDescriptive.local}>` },
      );
      return;
    }
    if (CONTENT_META_DESCRIPTIVE.has(child.local)) firstDescriptive ??= child;
    if (!administrative) continue;
    // The first administrative elements are a sequence; the choice group (rank CHOICE) follows them.
    const effective = rank === -1 ? CONTENT_META_ADMIN_ORDER.length : rank;
    if (effective < lastAdminRank && lastAdmin) {
      add('newsml-contentmeta-order', `Expected <${child.local}> before <${lastAdmin.local}> in <contentMeta>, found it after (<${lastAdmin.local}> is at ${at(lastAdmin.place)})`, child.place, {
        field: `contentMeta/${child.local}`,
        expected: `<${child.local}> before <${lastAdmin.local}>`,
        actual: `<${child.local}> after <${lastAdmin.local}>`,
      });
      return;
    }
    lastAdmin = child;
    lastAdminRank = effective;
  }
}

function checkInlineXml(inline: XmlElement, add: Add): void {
  const contentType = attribute(inline, 'contenttype')?.value ?? '';
  const xhtml = /^application\/xhtml\+xml\b/.test(contentType);
  for (const child of elementsOf(inline)) {
    const wantsXhtml = xhtml || child.local === 'html';
    if (child.uri === '' || child.uri === NAR || (wantsXhtml && child.uri !== XHTML)) {
      const expected = wantsXhtml ? `xmlns="${XHTML}"` : 'a namespace of its own (NITF, XHTML, …)';
      // Without its own xmlns the body inherits the NewsML-G2 default namespace: the XSD lets it pass (lax), receivers do not.
      const found = child.uri === NAR ? 'no xmlns of its own (so it is in the NewsML-G2 namespace)' : child.uri ? `namespace ${child.uri}` : 'no namespace';
      add('newsml-inlinexml-namespace', `Expected <${child.local}> in <inlineXML> to declare ${expected}, found ${found}`, child.place, {
        field: `inlineXML/${child.local}`,
        expected,
        actual: child.uri || 'no namespace',
      });
    }
  }
}

/** Attributes typed QCodeType or QCodeListType in the NewsML-G2 schema (the common ones). */
const QCODE_ATTRIBUTES = new Set(['qcode', 'type', 'rel', 'role', 'how', 'why', 'creator', 'jobtitle', 'severity', 'pubconstraint', 'scope', 'format', 'rendition', 'encoding', 'residrefformat']);
const QCODE = /^[^\s:]+:\S+$/;

function checkQCodes(element: XmlElement, add: Add): void {
  if (element.uri !== NAR) return;
  // header/timestamp@role and a few others are plain strings.
  const plainRole = element.local === 'timestamp' || element.local === 'destination' || element.local === 'origin';
  for (const item of element.attributes) {
    if (item.prefix !== '' || !QCODE_ATTRIBUTES.has(item.local) || (plainRole && item.local === 'role')) continue;
    for (const code of item.value.trim().split(/\s+/)) {
      if (code === '' || QCODE.test(code)) continue;
      add('newsml-qcode', `Expected a QCode scheme:code (e.g. medtop:20000076) in attribute \`${item.local}\` of <${element.local}>, found ${JSON.stringify(code)} without a scheme`, item.place, {
        field: `${element.local}@${item.local}`,
        expected: 'scheme:code',
        actual: code,
      });
    }
  }
  for (const child of elementsOf(element)) if (child.local !== 'inlineXML') checkQCodes(child, add);
}
