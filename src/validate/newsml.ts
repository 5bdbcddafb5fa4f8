import type { XmlAttribute as LibxmlAttribute, XmlElement as LibxmlElement, XmlXPath } from 'libxml2-wasm';
import { DiagnosticList, ruleDiagnostic, type Diagnostic, type Place } from '../util/diagnostics.js';
import { LineIndex } from '../util/position.js';
import { escapeRegExp } from '../util/text.js';
import { RULES, rulesOf, type RuleId } from '../util/rules.js';
import type { Checker, CheckOptions } from './types.js';
import { findAttribute } from './xml.js';
import { DEFAULT_LIMITS } from './limits.js';
import { loadLibxml2, loadNewsmlSchemas, parseXmlDocument, xsdDiagnostic, type Libxml2, type Libxml2Document, type XsdDocument, type XsdSchemaSet } from './xsd.js';

/**
 * NewsML-G2 checker: the official 2.35 XSD (when a schemas folder is given) plus built-in rules
 * that work without it and say in plain words what the XSD says cryptically (or, for
 * `inlineXML`, not at all: its content is `processContents="lax"`). Rules are documented here.
 *
 * libxml2 reads each document once, and both the XSD and the rules work on that one tree. Before
 * it sees a document, a DOCTYPE that declares entities is refused (entities are never expanded:
 * billion-laughs / XXE protection); libxml2 itself never reads a file or the network.
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
 * Check many documents at once (one compiled schema): the built-in rules on each, then the XSD
 * on each that is well-formed. Diagnostics per document, in input order.
 */
export async function checkNewsmlDocuments(
  documents: readonly XsdDocument[],
  options: Pick<CheckOptions, 'schemasDir'> = {},
): Promise<Diagnostic[][]> {
  const libxml2 = await loadLibxml2();
  let schemas: XsdSchemaSet | undefined;
  let noSchema: (file: string) => Diagnostic;
  if (options.schemasDir === undefined) {
    noSchema = (file) => diagnostic(file, 'newsml-xsd-skipped', 'XSD validation skipped: no schemas folder given (built-in NewsML-G2 rules only)');
  } else {
    const schemasDir = options.schemasDir;
    try {
      schemas = await loadNewsmlSchemas(schemasDir);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      noSchema = (file) => diagnostic(file, 'newsml-xsd-unavailable', `XSD validation skipped: expected the NewsML-G2 2.35 schema in ${schemasDir}/newsml-g2-2.35/, found ${reason}`);
    }
  }
  return documents.map((document) => {
    const { diagnostics, validity } = checkDocument(libxml2, document, schemas);
    if (validity) diagnostics.push(...validity);
    else if (schemas === undefined) diagnostics.push(noSchema(document.file));
    return diagnostics;
  });
}

export interface StructureResult {
  /** False when the text is not well-formed XML (then the XSD is not run: it would repeat the error). */
  parsed: boolean;
  diagnostics: Diagnostic[];
}

/** The built-in rules alone: no schema, no I/O. */
export async function checkNewsmlStructure(text: string, file: string): Promise<StructureResult> {
  const { diagnostics, parsed } = checkDocument(await loadLibxml2(), { file, text }, undefined);
  return { parsed, diagnostics };
}

/** The rules' findings and, when `schemas` is given and the document parsed, the XSD's (`validity`). */
function checkDocument(libxml2: Libxml2, document: XsdDocument, schemas: XsdSchemaSet | undefined): { parsed: boolean; diagnostics: Diagnostic[]; validity?: Diagnostic[] } {
  const report = new DiagnosticList(document.file);
  if (refusedDoctype(document.text, report)) return { parsed: false, diagnostics: report.done() };
  const parsed = parseXmlDocument(libxml2, document.text);
  if (!parsed.document) {
    // Like the W3C validator, only the first well-formedness error: what follows it is the parser's guess.
    const first = parsed.findings.find((item) => item.level === 'error') ?? parsed.findings[0];
    if (first) {
      const place = { line: Math.max(1, first.line), column: first.column ?? 1 };
      report.add('xml-well-formed', `Expected well-formed XML, found: ${first.message}`, place);
    }
    return { parsed: false, diagnostics: report.done() };
  }
  try {
    const tree = new G2Tree(libxml2, document.text);
    const bound = crossedBound(libxml2, parsed.document);
    if (bound) {
      report.add('xml-limit', `${bound.message}; checking stopped`, tree.place(bound.element));
      return { parsed: false, diagnostics: report.done() };
    }
    report.push(ruleFindings(parsed.document.root, tree, document.file));
    const validity = schemas?.validateDocument(parsed.document).map((found) => xsdDiagnostic(found, document, { ruleId: 'newsml-xsd', url: RULES['newsml-xsd'].url }));
    return { parsed: true, diagnostics: report.done(), ...(validity ? { validity } : {}) };
  } finally {
    parsed.document.dispose();
  }
}

/**
 * A DOCTYPE: one that declares entities is refused before any parser expands them (true: stop
 * here), wherever `<!DOCTYPE` stands (safety first); one in the prolog naming an external DTD is
 * noted (it is never fetched), any other too.
 */
function refusedDoctype(text: string, report: DiagnosticList): boolean {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype === -1) return false;
  const place = new LineIndex(text).place(doctype);
  if (text.includes('<!ENTITY')) {
    report.add('xml-entity-declaration', 'Expected no entity declarations, found <!ENTITY …> in the DOCTYPE: entities are never expanded (billion-laughs / XXE protection)', place, {
      expected: 'no DOCTYPE entity declarations',
      actual: '<!ENTITY',
    });
    return true;
  }
  if (!PROLOG_DOCTYPE.test(text)) return false;
  const declaration = text.slice(doctype, text.indexOf('>', doctype) + 1);
  if (/\b(SYSTEM|PUBLIC)\b/.test(declaration)) {
    report.add('xml-entity-declaration', 'Expected no external DTD, found a SYSTEM/PUBLIC identifier in the DOCTYPE: it is never fetched', place, {
      expected: 'no external DTD',
      actual: declaration.slice(0, 80),
    });
  } else {
    report.add('xml-doctype', 'Expected no DOCTYPE, found one; it is ignored', place);
  }
  return false;
}

/** An optional BOM, XML declaration, comments, processing instructions and spaces, then `<!DOCTYPE`. */
const PROLOG_DOCTYPE = /^\uFEFF?(?:<\?xml[^>]*>)?(?:\s+|<!--(?:[^-]|-(?!->))*-->|<\?(?:[^?]|\?(?!>))*\?>)*<!DOCTYPE/;

/**
 * The bounds the other XML checks keep while they parse (`DEFAULT_LIMITS`), asked of libxml2's
 * tree: the first element past one, or undefined. Each query is one pass in libxml2.
 */
function crossedBound(libxml2: Libxml2, document: Libxml2Document): { message: string; element: LibxmlElement } | undefined {
  const { maxNodes, maxDepth, maxAttributes } = DEFAULT_LIMITS;
  boundQueries ??= [
    [libxml2.XmlXPath.compile(`(//*)[${maxNodes + 1}]`), `Expected at most ${maxNodes} elements, found more`],
    [libxml2.XmlXPath.compile(`(/${'*/'.repeat(maxDepth)}*)[1]`), `Expected nesting at most ${maxDepth} elements deep, found deeper`],
    [libxml2.XmlXPath.compile(`(//*[count(@*) > ${maxAttributes}])[1]`), `Expected at most ${maxAttributes} attributes on one element, found more`],
  ];
  for (const [query, message] of boundQueries) {
    const element = document.get(query);
    if (element instanceof libxml2.XmlElement) return { message, element };
  }
  return undefined;
}
let boundQueries: [XmlXPath, string][] | undefined;

/** The XPath `*`, compiled once for the process. */
let childElements: XmlXPath | undefined;

/**
 * The document libxml2 read, as the rules see it: libxml2 keeps each element's line; its column,
 * and an attribute's place, are found in the text, and only for what is reported.
 */
class G2Tree {
  private lines: LineIndex | undefined;

  constructor(
    readonly libxml2: Libxml2,
    private readonly text: string,
  ) {}

  /** Child elements, found by libxml2: walking `firstChild`/`next` would wrap every text node between them too (half the check's time). */
  elementsOf(element: LibxmlElement): LibxmlElement[] {
    childElements ??= this.libxml2.XmlXPath.compile('*');
    return element.find(childElements) as LibxmlElement[];
  }

  place(element: LibxmlElement): Place {
    return this.index().place(this.offsetOf(element));
  }

  attributePlace(element: LibxmlElement, attribute: LibxmlAttribute): Place {
    const start = this.offsetOf(element);
    const end = this.text.indexOf('<', start + 1);
    const at = findAttribute(this.text, start, end === -1 ? this.text.length : end, qualifiedName(attribute));
    return this.index().place(at === -1 ? start : at);
  }

  /**
   * Where the element's start tag begins: on its line, the `<name` after as many as it has
   * earlier siblings of that name on that line (its line's start if none is found).
   */
  private offsetOf(element: LibxmlElement): number {
    const line = element.line;
    const name = qualifiedName(element);
    let before = 0;
    for (let node = element.prev; node && node.line === line; node = node.prev) if (node instanceof this.libxml2.XmlElement && qualifiedName(node) === name) before++;
    const tag = new RegExp(`<${escapeRegExp(name)}[\\s/>]`, 'g');
    tag.lastIndex = this.index().lineStart(line);
    let found = tag.exec(this.text);
    for (; found && before > 0; before--) found = tag.exec(this.text);
    return found?.index ?? this.index().lineStart(line);
  }

  private index(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }
}

const qualifiedName = (node: { name: string; prefix: string }): string => (node.prefix ? `${node.prefix}:${node.name}` : node.name);

function ruleFindings(root: LibxmlElement, tree: G2Tree, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const add = (ruleId: NewsmlRuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): void => {
    found.push(diagnostic(file, ruleId, message, place, extra));
  };
  const rules: Rules = { tree, add };
  if (root.namespaceUri !== NAR || !G2_ROOTS.has(root.name)) {
    add(
      'newsml-root',
      `Expected <newsItem> or <newsMessage> (or another G2 item) in the namespace ${NAR}, found <${qualifiedName(root)}>${root.namespaceUri ? ` in ${root.namespaceUri}` : ' in no namespace'}`,
      tree.place(root),
      { expected: `<newsItem xmlns="${NAR}"> or <newsMessage xmlns="${NAR}">`, actual: `<${qualifiedName(root)}>` },
    );
  } else if (root.name === 'newsMessage') {
    checkMessage(root, rules);
  } else {
    checkItem(root, rules);
  }
  checkQCodes(root, rules);
  return found;
}

/** Root elements of the NewsML-G2 All-Power schema. */
const G2_ROOTS = new Set(['newsItem', 'newsMessage', 'packageItem', 'conceptItem', 'knowledgeItem', 'planningItem', 'catalogItem']);

type Add = (ruleId: NewsmlRuleId, message: string, place?: Place, extra?: Partial<Diagnostic>) => void;
interface Rules {
  tree: G2Tree;
  add: Add;
}

const diagnostic = (file: string, ruleId: NewsmlRuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): Diagnostic =>
  ruleDiagnostic(file, ruleId, message, place, extra);

const narChildren = (element: LibxmlElement, tree: G2Tree): LibxmlElement[] => tree.elementsOf(element).filter((child) => child.namespaceUri === NAR);
const at = (place: Place): string => `${place.line}:${place.column}`;

function checkMessage(message: LibxmlElement, { tree, add }: Rules): void {
  const [first, second] = tree.elementsOf(message);
  if (first?.namespaceUri !== NAR || first.name !== 'header') {
    add('newsml-message-header', `Expected <header> as the first child of <newsMessage>, found ${first ? `<${qualifiedName(first)}>` : 'none'}`, tree.place(first ?? message), {
      expected: '<header><sent>…</sent>…</header>',
      actual: first ? `<${qualifiedName(first)}>` : 'none',
    });
  } else {
    const sent = tree.elementsOf(first)[0];
    if (sent?.namespaceUri !== NAR || sent.name !== 'sent') {
      add('newsml-message-header', `Expected <sent> as the first child of <header>, found ${sent ? `<${qualifiedName(sent)}>` : 'none'}`, tree.place(sent ?? first), {
        expected: '<sent>',
        actual: sent ? `<${qualifiedName(sent)}>` : 'none',
      });
    }
  }
  const itemSet = first?.name === 'header' ? second : first;
  if (itemSet?.namespaceUri === NAR && itemSet.name === 'itemSet') {
    for (const item of narChildren(itemSet, tree)) if (item.name.endsWith('Item')) checkItem(item, { tree, add });
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

function checkItem(item: LibxmlElement, rules: Rules): void {
  const { tree, add } = rules;
  const version = item.attrs.find((attribute) => attribute.name === 'standardversion' && attribute.namespaceUri === '');
  if (version && !/^[0-9]+\.[0-9]+$/.test(version.value)) {
    add('newsml-standardversion', `Expected a two-part standardversion such as "2.35", found ${JSON.stringify(version.value)}`, tree.attributePlace(item, version), {
      field: `${item.name}@standardversion`,
      expected: 'major.minor, e.g. 2.35',
      actual: version.value,
    });
  }
  for (const child of narChildren(item, tree)) {
    if (child.name === 'itemMeta') checkSequence(child, ITEM_META_ORDER, 'newsml-itemmeta-order', rules);
    if (child.name === 'contentMeta') checkContentMeta(child, rules);
    if (child.name === 'contentSet') for (const inline of narChildren(child, tree)) if (inline.name === 'inlineXML') checkInlineXml(inline, rules);
  }
}

/** Children must not go back in `order`; the first one that does is reported with the one it follows. */
function checkSequence(parent: LibxmlElement, order: readonly string[], ruleId: NewsmlRuleId, { tree, add }: Rules): void {
  let last: LibxmlElement | undefined;
  let lastRank = -1;
  for (const child of narChildren(parent, tree)) {
    const rank = order.indexOf(child.name);
    if (rank === -1) continue;
    if (rank < lastRank && last) {
      add(ruleId, `Expected <${child.name}> before <${last.name}> in <${parent.name}>, found it after (<${last.name}> is at ${at(tree.place(last))})`, tree.place(child), {
        field: `${parent.name}/${child.name}`,
        expected: `<${child.name}> before <${last.name}>`,
        actual: `<${child.name}> after <${last.name}>`,
      });
      return;
    }
    last = child;
    lastRank = rank;
  }
}

function checkContentMeta(meta: LibxmlElement, { tree, add }: Rules): void {
  let firstDescriptive: LibxmlElement | undefined;
  let lastAdmin: LibxmlElement | undefined;
  let lastAdminRank = -1;
  for (const child of narChildren(meta, tree)) {
    const local = child.name;
    const rank = CONTENT_META_ADMIN_ORDER.indexOf(local);
    const administrative = rank !== -1 || CONTENT_META_ADMIN_CHOICE.has(local);
    if (administrative && firstDescriptive) {
      add(
        'newsml-contentmeta-order',
        `Expected administrative <${local}> before every descriptive element of <contentMeta>, found it after descriptive <${firstDescriptive.name}> (at ${at(tree.place(firstDescriptive))})`,
        tree.place(child),
        { field: `contentMeta/${local}`, expected: `<${local}> before <${firstDescriptive.name}>`, actual: `<${local}> after <${firstDescriptive.name}>` },
      );
      return;
    }
    if (CONTENT_META_DESCRIPTIVE.has(local)) firstDescriptive ??= child;
    if (!administrative) continue;
    // The first administrative elements are a sequence; the choice group (rank CHOICE) follows them.
    const effective = rank === -1 ? CONTENT_META_ADMIN_ORDER.length : rank;
    if (effective < lastAdminRank && lastAdmin) {
      add('newsml-contentmeta-order', `Expected <${local}> before <${lastAdmin.name}> in <contentMeta>, found it after (<${lastAdmin.name}> is at ${at(tree.place(lastAdmin))})`, tree.place(child), {
        field: `contentMeta/${local}`,
        expected: `<${local}> before <${lastAdmin.name}>`,
        actual: `<${local}> after <${lastAdmin.name}>`,
      });
      return;
    }
    lastAdmin = child;
    lastAdminRank = effective;
  }
}

function checkInlineXml(inline: LibxmlElement, { tree, add }: Rules): void {
  const contentType = inline.attrs.find((attribute) => attribute.name === 'contenttype' && attribute.namespaceUri === '')?.value ?? '';
  const xhtml = /^application\/xhtml\+xml\b/.test(contentType);
  for (const child of tree.elementsOf(inline)) {
    const uri = child.namespaceUri;
    const wantsXhtml = xhtml || child.name === 'html';
    if (uri === '' || uri === NAR || (wantsXhtml && uri !== XHTML)) {
      const expected = wantsXhtml ? `xmlns="${XHTML}"` : 'a namespace of its own (NITF, XHTML, …)';
      // Without its own xmlns the body inherits the NewsML-G2 default namespace: the XSD lets it pass (lax), receivers do not.
      const found = uri === NAR ? 'no xmlns of its own (so it is in the NewsML-G2 namespace)' : uri ? `namespace ${uri}` : 'no namespace';
      add('newsml-inlinexml-namespace', `Expected <${child.name}> in <inlineXML> to declare ${expected}, found ${found}`, tree.place(child), {
        field: `inlineXML/${child.name}`,
        expected,
        actual: uri || 'no namespace',
      });
    }
  }
}

/** Attributes typed QCodeType or QCodeListType in the NewsML-G2 schema (the common ones). */
const QCODE_ATTRIBUTES = ['qcode', 'type', 'rel', 'role', 'how', 'why', 'creator', 'jobtitle', 'severity', 'pubconstraint', 'scope', 'format', 'rendition', 'encoding', 'residrefformat'];
const QCODE = /^[^\s:]+:\S+$/;

/**
 * The attributes that hold QCodes, in document order: unprefixed ones of those names on G2
 * elements reached from the root through G2 elements only, not inside <inlineXML> (whose content
 * is another vocabulary's), and not the plain-string `role` of timestamp, destination and origin.
 * One XPath, so libxml2 picks them out: reading every attribute through libxml2-wasm's glue took
 * ~0.7 ms an item more (4–10 % of a build's CPU). The name filter comes first, and ancestors are
 * tested by name (`self::nar:*`): each string function allocates in libxml2 (0.6 ms an item, not 0.22).
 */
let qcodeAttributes: XmlXPath | undefined;
const QCODE_ATTRIBUTES_XPATH = `//*/@*[contains('|${QCODE_ATTRIBUTES.join('|')}|', concat('|', local-name(), '|'))][namespace-uri() = '']
  [not(ancestor::*[not(self::nar:*) or self::nar:inlineXML])]
  [not(local-name() = 'role' and (parent::nar:timestamp or parent::nar:destination or parent::nar:origin))]`;

function checkQCodes(root: LibxmlElement, { tree, add }: Rules): void {
  qcodeAttributes ??= tree.libxml2.XmlXPath.compile(QCODE_ATTRIBUTES_XPATH, { nar: NAR });
  for (const item of root.find(qcodeAttributes) as LibxmlAttribute[]) {
    const element = item.parent;
    if (!element) continue;
    for (const code of item.value.trim().split(/\s+/)) {
      if (code === '' || QCODE.test(code)) continue;
      add('newsml-qcode', `Expected a QCode scheme:code (e.g. medtop:20000076) in attribute \`${item.name}\` of <${element.name}>, found ${JSON.stringify(code)} without a scheme`, tree.attributePlace(element, item), {
        field: `${element.name}@${item.name}`,
        expected: 'scheme:code',
        actual: code,
      });
    }
  }
}
