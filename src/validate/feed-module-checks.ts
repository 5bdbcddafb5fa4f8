import type { DiagnosticList } from '../util/diagnostics.js';
import { checkValueOf, oneOf } from './feed-values.js';
import { EBU_ROLES, ITUNES_CATEGORIES, MEDIA_RATINGS, OPENSEARCH_ROLES } from './feed-vocabularies.js';
import { shown } from './values.js';
import { attribute, elementsOf, textOf, textPlace, type XmlElement } from './xml.js';

/** Checks of module elements that a table of value types cannot say (used by feed-modules.ts). */

export type ElementCheck = (element: XmlElement, report: DiagnosticList, field: string) => void;

export function plainUnlessHtml(element: XmlElement, report: DiagnosticList, field: string): void {
  if (attribute(element, 'type')?.value !== 'html') checkValueOf('plainText', textOf(element), report, field, textPlace(element));
}

export function checkCredit(element: XmlElement, report: DiagnosticList, field: string): void {
  const role = attribute(element, 'role');
  if (!role) return;
  const scheme = attribute(element, 'scheme')?.value ?? 'urn:ebu';
  if ((scheme === 'urn:ebu' && !EBU_ROLES.has(role.value)) || role.value !== role.value.toLowerCase()) {
    report.add('feed-value', `${field}@role: expected a lower-case role${scheme === 'urn:ebu' ? ' of the EBU list (urn:ebu)' : ''}, found ${shown(role.value)}`, role.place, { field: `${field}@role`, expected: 'an EBU role', actual: role.value });
  }
}

export function checkHash(element: XmlElement, report: DiagnosticList, field: string): void {
  const value = textOf(element).trim();
  const length = attribute(element, 'algo')?.value === 'sha-1' ? 40 : 32;
  if (!/^[0-9A-Za-z]+$/.test(value) || value.length !== length) checkValueOf({ oneOf: [`${length} hexadecimal digits`] }, value, report, field, textPlace(element));
}

export function checkRating(element: XmlElement, report: DiagnosticList, field: string): void {
  const scheme = attribute(element, 'scheme')?.value ?? 'urn:simple';
  const value = textOf(element).trim();
  const vocabulary = MEDIA_RATINGS[scheme];
  if (vocabulary && !vocabulary.has(value)) checkValueOf({ oneOf: [...vocabulary] }, value, report, field, textPlace(element));
  else if (!vocabulary && scheme !== 'urn:icra') checkValueOf('fullUrl', scheme, report, `${field}@scheme`, attribute(element, 'scheme')?.place ?? element.place);
}

export function checkRestriction(element: XmlElement, report: DiagnosticList, field: string): void {
  const type = attribute(element, 'type')?.value;
  const value = textOf(element).trim();
  if (type === undefined) {
    if (value !== '') checkValueOf(oneOf('all', 'none'), value, report, field, textPlace(element));
  } else if (type === 'country') {
    for (const code of value.split(/\s+/).filter(Boolean)) if (!checkValueOf('country', code, report, field, textPlace(element))) break;
  } else if (type === 'uri') {
    checkValueOf('fullUrl', value, report, field, textPlace(element));
  }
}

export function checkMediaGroup(element: XmlElement, report: DiagnosticList, field: string): void {
  const contents = elementsOf(element).filter((node) => node.uri === element.uri && node.local === 'content').length;
  if (contents < 2) {
    report.add('media-group-alternatives', `${field}: expected at least two <media:content> alternatives in a group, found ${contents}`, element.place, { field, expected: '≥ 2 media:content', actual: String(contents) });
  }
}

export function checkSharing(element: XmlElement, report: DiagnosticList, field: string): void {
  const since = attribute(element, 'since');
  const until = attribute(element, 'until');
  if (since && !until) report.add('feed-missing-attribute', `${field}: expected an until attribute with since, found none`, element.place, { field: `${field}@until`, expected: 'until', actual: 'missing' });
  if (since && until && since.value.trim() > until.value.trim()) {
    report.add('feed-date-order', `${field}: expected since (${shown(since.value)}) not after until (${shown(until.value)})`, since.place, { field: `${field}@since`, expected: 'since ≤ until', actual: since.value });
  }
}

export function checkHistory(element: XmlElement, report: DiagnosticList, field: string): void {
  if (!attribute(element, 'by') && !attribute(element, 'when')) {
    report.add('feed-missing-attribute', `${field}: expected a by or a when attribute, found neither`, element.place, { field: `${field}@by`, expected: 'by or when', actual: 'neither' });
  }
}

export function maxLength(limit: number): ElementCheck {
  return (element, report, field) => {
    const length = [...textOf(element).trim()].length;
    if (length > limit) report.add('feed-too-long', `${field}: expected at most ${limit} characters, found ${length}`, textPlace(element), { field, expected: `≤ ${limit} characters`, actual: String(length) });
  };
}

export function checkItunesCategory(element: XmlElement, report: DiagnosticList, field: string): void {
  const text = attribute(element, 'text');
  if (!text) return;
  const parent = element.parent;
  const nested = parent?.uri === element.uri && parent.local === 'category';
  const allowed = nested ? ITUNES_CATEGORIES[attribute(parent, 'text')?.value ?? ''] ?? [] : Object.keys(ITUNES_CATEGORIES);
  if (!allowed.includes(text.value)) {
    report.add('feed-value', `${field}: expected an Apple Podcasts ${nested ? 'subcategory' : 'category'}, found ${shown(text.value)}`, text.place, { field: `${field}@text`, expected: 'an Apple Podcasts category', actual: text.value });
  }
}

export function checkDuration(element: XmlElement, report: DiagnosticList, field: string): void {
  const value = textOf(element).trim();
  // Seconds, or [h:]mm:ss with minutes and seconds below 60.
  const match = /^(?:\d+|(?:\d+:)?([0-5]?\d):([0-5]\d))$/.exec(value);
  if (!match) checkValueOf({ oneOf: ['seconds', 'h:mm:ss', 'mm:ss'] }, value, report, field, textPlace(element));
}

export function checkOpenSearchQuery(element: XmlElement, report: DiagnosticList, field: string): void {
  const role = attribute(element, 'role');
  if (role && !OPENSEARCH_ROLES.includes(role.value) && !/^[A-Za-z_][\w.-]*:[\w.-]+$/.test(role.value)) {
    checkValueOf({ oneOf: OPENSEARCH_ROLES }, role.value, report, `${field}@role`, role.place);
  }
  const language = attribute(element, 'language');
  if (language && language.value !== '*') checkValueOf('language', language.value, report, `${field}@language`, language.place);
  for (const name of ['inputEncoding', 'outputEncoding']) {
    const encoding = attribute(element, name);
    if (encoding && !isKnownEncoding(encoding.value)) report.add('feed-value', `${field}@${name}: expected a character encoding name such as "UTF-8", found ${shown(encoding.value)}`, encoding.place, { field: `${field}@${name}`, actual: encoding.value });
  }
  const terms = attribute(element, 'searchTerms');
  if (terms && /[^\w\s\-.~!*'();:@&=+$,/?#[\]%]/.test(terms.value)) {
    report.add('feed-value', `${field}@searchTerms: expected URL-encoded search terms, found ${shown(terms.value)}`, terms.place, { field: `${field}@searchTerms`, expected: 'URL-encoded text', actual: terms.value });
  }
  const title = attribute(element, 'title');
  if (title && [...title.value].length > 256) report.add('feed-too-long', `${field}@title: expected at most 256 characters, found ${[...title.value].length}`, title.place, { field: `${field}@title`, expected: '≤ 256 characters' });
}

/** An encoding name the WHATWG Encoding Standard (and so TextDecoder) knows. */
function isKnownEncoding(name: string): boolean {
  try {
    new TextDecoder(name.trim());
    return true;
  } catch {
    return false;
  }
}

/** GeoRSS line / polygon and GML posList: pairs of numbers separated by white space (at least two points). */
export function checkCoordinateList(element: XmlElement, report: DiagnosticList, field: string): void {
  const values = textOf(element).replace(/,/g, ' ').trim().split(/\s+/);
  if (values.length < 4 || values.length % 2 === 1 || !values.every((value) => /^[-+]?\d+\.?\d*$/.test(value))) {
    report.add('feed-value', `${field}: expected pairs of "latitude longitude" numbers (at least two points), found ${shown(textOf(element).trim())}`, textPlace(element), { field, expected: 'a coordinate list', actual: textOf(element).trim().slice(0, 80) });
  }
}
