/**
 * Vocabularies the feed rules check values against: registries and code lists of the specifications
 * (EBU roles, Media RSS ratings, Apple Podcasts categories, OpenSearch roles, IANA link relations).
 */

/** EBU role codes (urn:ebu, Media RSS's default credit scheme), lower case. */
export const EBU_ROLES = new Set(
  (
    'actor,adaptor,anchor person,animal trainer,animator,announcer,armourer,art director,artist/performer,assistant camera,assistant chief lighting technician,' +
    'assistant director,assistant producer,assistant visual editor,author,broadcast assistant,broadcast journalist,camera operator,carpenter,casting,causeur,' +
    'chief lighting technician,choir,choreographer,clapper loader,commentary or commentator,commissioning broadcaster,composer,computer programmer,conductor,' +
    'consultant,continuity checker,correspondent,costume designer,dancer,dialogue coach,director,director of photography,distribution company,draughtsman,dresser,' +
    'dubber,editor/producer,editor,ensemble,executive producer,expert,fight director,floor manager,focus puller,foley artist,foley editor,foley mixer,' +
    'graphic assistant,graphic designer,greensman,grip,hairdresser,illustrator,interviewed guest,interviewer,key character,key grip,key talents,leadman,' +
    'librettist,lighting director,lighting technician,location manager,lyricist,make up artist,manufacturer,matte artist,music arranger,music group,musician,' +
    'news reader,orchestra,participant,photographer,post,producer,production assistant,production company,production department,production manager,' +
    'production secretary,programme production researcher,property manager,publishing company,puppeteer,pyrotechnician,reporter,rigger,runner,scenario,' +
    'scenic operative,script supervisor,second assistant camera,second assistant director,second unit director,set designer,set dresser,sign language,singer,' +
    'sound designer,sound mixer,sound recordist,special effects,stunts,subtitles,technical director,term,translation,transportation manager,' +
    'treatment/programme proposal,vision mixer,visual editor,visual effects,wardrobe,witness,artist,performer,treatment,treatment proposal,programme proposal'
  ).split(','),
);

/** Rating vocabularies of Media RSS by scheme. */
export const MEDIA_RATINGS: Record<string, ReadonlySet<string>> = {
  'urn:simple': new Set(['adult', 'nonadult']),
  'urn:mpaa': new Set(['g', 'm', 'nc-17', 'pg', 'pg-13', 'r', 'x']),
  'urn:v-chip': new Set(['14+', '18+', 'c', 'c8', 'g', 'pg', 'tv-14', 'tv-g', 'tv-ma', 'tv-pg', 'tv-y', 'tv-y7', 'tv-y7-fv']),
};

/** Apple Podcasts categories (top level → subcategories), current and earlier lists. */
export const ITUNES_CATEGORIES: Record<string, readonly string[]> = {
  Arts: ['Books', 'Design', 'Fashion & Beauty', 'Food', 'Performing Arts', 'Visual Arts', 'Literature'],
  Business: ['Careers', 'Entrepreneurship', 'Investing', 'Management', 'Marketing', 'Non-Profit', 'Finance', 'Management & Marketing', 'News', 'Shopping'],
  Comedy: ['Comedy Interviews', 'Improv', 'Stand-Up'],
  Education: ['Courses', 'How To', 'Language Learning', 'Self-Improvement', 'Education Technology', 'Higher Education', 'K-12', 'Language Courses', 'Training'],
  Fiction: ['Comedy Fiction', 'Drama', 'Science Fiction'],
  Government: [],
  History: [],
  'Health & Fitness': ['Alternative Health', 'Fitness', 'Medicine', 'Mental Health', 'Nutrition', 'Sexuality'],
  'Kids & Family': ['Education for Kids', 'Parenting', 'Pets & Animals', 'Stories for Kids'],
  Leisure: ['Animation & Manga', 'Automotive', 'Aviation', 'Crafts', 'Games', 'Hobbies', 'Home & Garden', 'Video Games'],
  Music: ['Music Commentary', 'Music History', 'Music Interviews'],
  News: ['Business News', 'Daily News', 'Entertainment News', 'News Commentary', 'Politics', 'Sports News', 'Tech News'],
  'Religion & Spirituality': ['Buddhism', 'Christianity', 'Hinduism', 'Islam', 'Judaism', 'Spirituality', 'New Age', 'Philosophy', 'Other'],
  Science: ['Astronomy', 'Chemistry', 'Earth Sciences', 'Life Sciences', 'Mathematics', 'Natural Sciences', 'Nature', 'Physics', 'Social Sciences'],
  'Society & Culture': ['Documentary', 'Personal Journals', 'Philosophy', 'Places & Travel', 'Relationships', 'History'],
  Sports: ['Baseball', 'Basketball', 'Cricket', 'Fantasy Sports', 'Football', 'Golf', 'Hockey', 'Rugby', 'Running', 'Soccer', 'Swimming', 'Tennis', 'Volleyball', 'Wilderness', 'Wrestling'],
  Technology: ['Computers', 'Developers', 'Gadgets', 'Information Technology', 'News', 'Operating Systems', 'Podcasting', 'Smart Phones', 'Software How-To', 'Tech News', 'Text/Speech'],
  'True Crime': [],
  'TV & Film': ['After Shows', 'Film History', 'Film Interviews', 'Film Reviews', 'TV Reviews'],
  'Arts & Entertainment': ['Architecture', 'Design', 'Entertainment', 'Games', 'Performing Arts', 'Photography', 'Poetry', 'Science Fiction'],
  'Audio Blogs': [],
  Family: [],
  Food: [],
  'Games & Hobbies': ['Automotive', 'Aviation', 'Hobbies', 'Other Games', 'Video Games'],
  'Government & Organizations': ['Local', 'National', 'Non-Profit', 'Regional'],
  Health: ['Alternative Health', 'Diet & Nutrition', 'Fitness', 'Fitness & Nutrition', 'Relationships', 'Self-Help', 'Sexuality'],
  International: ['Australian', 'Belgian', 'Brazilian', 'Canadian', 'Chinese', 'Dutch', 'French', 'German', 'Hebrew', 'Italian', 'Japanese', 'Norwegian', 'Polish', 'Portuguese', 'Spanish', 'Swedish'],
  'Movies & Television': [],
  'News & Politics': [],
  Politics: [],
  'Public Radio': [],
  'Science & Medicine': ['Medicine', 'Natural Sciences', 'Social Sciences'],
  'Sports & Recreation': ['Amateur', 'College & High School', 'Outdoor', 'Professional'],
  'Talk Radio': [],
  Transportation: ['Automotive', 'Aviation', 'Bicycles', 'Commuting'],
  Travel: [],
};

/** OpenSearch 1.1 Query roles (a prefixed name like `ex:sub` is a local role). */
export const OPENSEARCH_ROLES = ['request', 'example', 'related', 'correction', 'subset', 'superset'];

/** Link relations registered with IANA (https://www.iana.org/assignments/link-relations/). */
export const IANA_RELS = new Set(
  (
    'about acl alternate amphtml appendix apple-touch-icon apple-touch-startup-image archives author blocked-by bookmark canonical chapter cite-as collection ' +
    'compression-dictionary contents convertedfrom copyright create-form current describedby describes disclosure dns-prefetch duplicate edit edit-form ' +
    'edit-media enclosure external first glossary help hosts hub icon index intervalafter intervalbefore intervalcontains intervaldisjoint intervalduring ' +
    'intervalequals intervalfinishedby intervalfinishes intervalin intervalmeets intervalmetby intervaloverlappedby intervaloverlaps intervalstartedby ' +
    'intervalstarts item last latest-version license linkset lrdd manifest mask-icon me media-feed memento micropub modulepreload monitor monitor-group next ' +
    'next-archive nofollow noopener noreferrer opener openid2.local_id openid2.provider original p3pv1 payment pingback preconnect predecessor-version prefetch ' +
    'preload prerender prev preview previous prev-archive privacy-policy profile publication related replies restconf ruleinput search section self service ' +
    'service-desc service-doc service-meta sponsored start status stylesheet subsection successor-version sunset tag terms-of-service timegate timemap type ' +
    'ugc up version-history via webmention working-copy working-copy-of'
  ).split(' '),
);
