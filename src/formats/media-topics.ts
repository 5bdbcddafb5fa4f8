/**
 * The IPTC Media Topics this project uses, with their English (en-GB) label and broader topic.
 * A table we write and own: the IPTC vocabulary file in ../shared/specs is the reference that
 * the tests check it against (real eight-digit codes, not retired, labels and broader as IPTC
 * publishes them), not a runtime dependency. Add a row when an article uses a new topic.
 */
export interface MediaTopic {
  /** IPTC en-GB label. */
  label: string;
  /** QCode of the broader topic; absent for top-level topics. */
  broader?: string;
}

export const MEDIA_TOPICS: Readonly<Record<string, MediaTopic>> = {
  'medtop:11000000': { label: 'politics' },
  'medtop:16000000': { label: 'conflict, war and peace' },
  'medtop:20000056': { label: 'armed conflict', broader: 'medtop:16000000' },
  'medtop:20000073': { label: 'peace process', broader: 'medtop:16000000' },
  'medtop:20000076': { label: 'peace talks', broader: 'medtop:20000073' },
  'medtop:20000638': { label: 'international relations', broader: 'medtop:11000000' },
  'medtop:20000639': { label: 'diplomacy', broader: 'medtop:20000638' },
  'medtop:20000644': { label: 'international organisation', broader: 'medtop:20000638' },
};

/** Scheme URI of the `medtop` alias in the IPTC catalog. */
export const MEDTOP_URI = 'http://cv.iptc.org/newscodes/mediatopic/';

/** `medtop:20000076` → `http://cv.iptc.org/newscodes/mediatopic/20000076`. */
export function mediaTopicUri(qcode: string): string {
  return MEDTOP_URI + qcode.slice(qcode.indexOf(':') + 1);
}

/** The label of a topic: the table's, else undefined (the article then supplies it). */
export const mediaTopicLabel = (qcode: string): string | undefined => MEDIA_TOPICS[qcode]?.label;
