//! Closed-class words. Owns: the lists of negators, intensifiers/dampeners,
//! contrast connectives and language-marker function words, and one static
//! hash table over all of them, so each token costs a single lookup (linear
//! scans of these lists were the scorer's hottest path).

use std::sync::OnceLock;

use super::lexicon::Map;

pub const NEG: u32 = 1;
pub const CONTRAST: u32 = 2;
pub const ARY: u32 = 4;
pub const AR: u32 = 8;
pub const LATN: u32 = 16;
pub const FR: u32 = 32;
pub const EN: u32 = 64;
pub const POST_NEG: u32 = 128;
pub const SHIFT: u32 = 256;
pub const DECREASE: u32 = 512;
/// A negator whose reach is the next two words only (JOINED_NEG).
pub const SHORT_NEG: u32 = 1024;
/// A word a negation does not reach past, looking back from a term: exceptive
/// "only" (ما … غير, ma … ghir: the negation excepts, not denies) and oaths,
/// which open a new clause ("مكاينش، والله اخليك").
pub const SCOPE_END: u32 = 2048;
/// Thanks and congratulations that turn ironic among complaints (rules.rs).
pub const PRAISE: u32 = 4096;
/// Apologies: beside thanks they are politeness, not irony.
pub const APOLOGY: u32 = 8192;
/// A shifter whose object is a problem (REMEDIES): it reverses only a
/// negative object. One solves problems, never successes, so a positive word
/// after it belongs to another construction ("la solution pour un bonheur
/// durable", "fixed a great lunch").
pub const REMEDY: u32 = 16384;
/// "encore", "again", "still": with a complaint, exasperation at a repeat,
/// which turns an opening "Génial," into sarcasm (rules.rs).
pub const REPEAT: u32 = 32768;
/// Comment adverbs (COMMENT_ADVERBS): they judge the clause from outside it.
pub const COMMENT: u32 = 65536;
/// An unmistakable Darija word in Latin letters (ARY_LATN_SWITCH): a French
/// or English text holding one is code-switched (lexicon::Arabizi::Switched).
pub const SWITCH: u32 = 131072;
/// The unit of a star grade ("1 étoile", "5 stars", "٣ نجوم": rating.rs).
pub const STAR_UNIT: u32 = 262144;
/// A business figure a company reports (FIGURES: "chiffre d'affaires",
/// "ventes", "revenue", "أرباح"): its rise is good news for the company, its
/// fall bad news (rules.rs, figure_change).
pub const FIGURE: u32 = 1 << 19;
/// A word of growth (GROWTH_WORDS: "hausse", "grew", "ارتفاع"), read only
/// beside a FIGURE ("hausse des prix" is another matter).
pub const GROWTH: u32 = 1 << 20;
/// An English word of decline (EN_FALL: "fell", "down"), read only beside a
/// FIGURE: unlike the French and Arabic DECREASE words it reverses nothing
/// else ("fell in love").
pub const FALL: u32 = 1 << 21;
/// A verb or noun of waiting (WAIT_WORDS), read only beside a DURATION:
/// "attendu une heure", "waited 40 minutes", "ساعتين و حنا كنتسناو" (rules.rs,
/// waiting_time). Alone it is no complaint ("j'attends avec impatience").
pub const WAIT: u32 = 1 << 22;
/// A unit of time (DURATIONS): heure, minutes, days, ساعة, simana.
pub const DURATION: u32 = 1 << 23;
/// An outcome a customer waits for (SERVICE_OUTCOMES: "répondu", "reçu",
/// "refunded", "كيجاوبو"): denied it is a complaint ("commande jamais reçue",
/// "never answered"), affirmed it says nothing (rules.rs).
pub const SERVICE: u32 = 1 << 24;
/// What a customer pays (COSTS: "prix", "facture", "fees", "الأسعار"): its
/// rise is bad news for the brand that charges it, its fall good news, the
/// reverse of a FIGURE (rules.rs, figure_change).
pub const COST: u32 = 1 << 25;
/// A word of promise (PROMISES, rules.rs broken_promise).
pub const PROMISE: u32 = 1 << 26;
/// A word a recommendation question is about or asks with (SUPERLATIVES,
/// ASK_VERBS, GOOD_ASKED): the one flag test turns every other word away.
pub const ASKABLE: u32 = 1 << 27;
/// A noun of trouble (TROUBLES: "souci", "problem", "مشكل", "mochkil"):
/// denied, it is a satisfied customer's word ("zéro souci", "ma3ndi
/// mochkil m3a inwi"), so it keeps more of its reversal than other denied
/// bad words (rules.rs, NEGATED_TROUBLE).
pub const TROUBLE: u32 = 1 << 28;
/// A harm counted in the news (HARMS: "mortalité", "criminalité", "inflation",
/// "الوفيات"): like a COST, its rise is bad news and its fall good news ("la
/// mortalité infantile a reculé"). The nouns alone are facts, not tone.
pub const HARM: u32 = 1 << 29;
/// A gain counted in the news (GAINS: "réserves", "récoltes", "touristes",
/// "salaires"): like a FIGURE, its rise is good news and its fall bad news,
/// though no company reports it.
pub const GAIN: u32 = 1 << 30;
/// A remedy's participle, read after its object ("le souci est résolu",
/// "the problem was fixed"; REMEDIES_DONE, read in rules.rs).
pub const DONE: u32 = 1 << 31;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Func {
    pub flags: u32,
    /// Booster factor (0 = not a booster) and position: 0 before, 1 after, 2 either.
    pub boost: f64,
    pub boost_pos: u8,
}

/// Darija markers in Arabic script (folded keys: ة->ه, ى->ي, hamza forms -> bare).
pub const ARY_MARKERS: &[&str] = &[
    "ديال",
    "ديالي",
    "ديالك",
    "ديالو",
    "ديالها",
    "ديالهم",
    "ديالنا",
    "ديالكم",
    "ديال",
    "بزاف",
    "بزااف",
    "واش",
    "كاين",
    "كاينه",
    "كاينين",
    "ماشي",
    "دابا",
    "دبا",
    "غادي",
    "غاد",
    "هاد",
    "هادي",
    "هادو",
    "هادشي",
    "هدشي",
    "داكشي",
    "شنو",
    "اشنو",
    "علاش",
    "كيفاش",
    "فين",
    "منين",
    "بغيت",
    "بغينا",
    "بغا",
    "بغاو",
    "مزيان",
    "مزيانه",
    "زوين",
    "زوينه",
    "خويا",
    "اخويا",
    "ختي",
    "راه",
    "راني",
    "راك",
    "راكي",
    "راهم",
    "راها",
    "واخا",
    "وخا",
    "صافي",
    "حيت",
    "والو",
    "كلشي",
    "كولشي",
    "شحال",
    "شكون",
    "بحال",
    "بحالك",
    "عفاك",
    "بصح",
    "مازال",
    "مزال",
    "ملي",
    "فاش",
    "باش",
    "ماكاين",
    "حشومه",
    "نتا",
    "نتي",
    "نتوما",
    "حنا",
    "هوما",
    "ليا",
    "ليك",
    "ليها",
    "لينا",
    "ديما",
    "كاع",
    "بلي",
    "واعر",
    "خاصو",
    "خاصهم",
    "دير",
    "ديري",
    "ديرو",
    "تبارك",
    "مسكين",
    "مسكينه",
    "لهلا",
    "ناري",
    "بنادم",
    "دري",
    "دراري",
    "عيالات",
    "زعما",
    "ياك",
    "كنبغي",
    "كنشوف",
    "كنقول",
    "كيقول",
    "كيدير",
    "كتشوف",
    "يخليك",
    "بغيتي",
    "جات",
    "جا",
    "مشا",
    "مشات",
    "ماعرفتش",
    "معاك",
    "معايا",
    "فيا",
    "عليا",
    "بيا",
    "عندو",
    "خاصك",
    "خصك",
    "خص",
    "غا",
    "غ",
    "تا",
    "هاديك",
    "هداك",
    "ديك",
    "داك",
    "مكاين",
    "كاينه",
    "دري",
    "عافاك",
    "الواليد",
    "الواليده",
    "بزااف",
    "ديالكم",
    "ديالهوم",
    "علاه",
    "فاين",
    "كيداير",
    "لاباس",
    "بسلامه",
    "حيت",
    "شحال",
    "يالاه",
    "سيري",
    "قولي",
    "شي",
    "خاص",
    "شويه",
];
/// MSA function words that Darija rarely uses; evidence for "ar".
pub const AR_MARKERS: &[&str] = &[
    // MSA-only function words (Darija says هاد، ديال، باش، علاش ... instead);
    // words both varieties share (في، على، من، كان، هو) are no evidence.
    "الذي",
    "التي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "لقد",
    "سوف",
    "ليس",
    "ليست",
    "عندما",
    "حيث",
    "لماذا",
    "ماذا",
    "لن",
    "لم",
    "قد",
    "ايضا",
    "جدا",
    "منذ",
    "نحن",
    "لدي",
    "يجب",
    "فقط",
    "انه",
    "انها",
    "اننا",
    "لكي",
    "اذا",
    "كذلك",
    "حول",
    "خلال",
    "ضد",
    "بشان",
    "عبر",
    // other Arabic dialects (Egyptian, Levantine, Gulf): "ar", not Moroccan
    "مش",
    "ده",
    "دي",
    "عشان",
    "ايه",
    "بدي",
    "شو",
    "هيك",
    "مو",
    "وش",
    "ابي",
    "ليش",
    "كده",
    "دلوقتي",
    "اوي",
    "خلاص",
    "يعني",
    "بس",
    "هاي",
    "هلق",
    "كتير",
    "ايش",
    "وايد",
    "زي",
];
/// Latin-script Darija words (folded; matched on the raw key, digits kept).
pub const ARY_LATN_MARKERS: &[&str] = &[
    "dyal",
    "dial",
    "diel",
    "dyali",
    "dyalek",
    "bzaf",
    "bzzaf",
    "bezzaf",
    "bzf",
    "wach",
    "wash",
    "kayn",
    "kayen",
    "kain",
    "machi",
    "mashi",
    "daba",
    "ghadi",
    "ghad",
    "had",
    "hada",
    "hadi",
    "hadchi",
    "hadshi",
    "chno",
    "chnou",
    "3lach",
    "3lash",
    "kifach",
    "fin",
    "mnin",
    "bghit",
    "mzyan",
    "mzian",
    "zwin",
    "zwina",
    "zouin",
    "khoya",
    "khouya",
    "khti",
    "akhti",
    "rah",
    "rak",
    "raki",
    "rani",
    "wakha",
    "safi",
    "hit",
    "walo",
    "walou",
    "kolchi",
    "kolshi",
    "ch7al",
    "chkon",
    "bhal",
    "b7al",
    "3afak",
    "mazal",
    "mli",
    "fach",
    "bach",
    "ghir",
    "nta",
    "nti",
    "ntoma",
    "hna",
    "7na",
    "lia",
    "lik",
    "lina",
    "dima",
    "ga3",
    // "even", "not a single": "makayn 7ta jawab"
    "hta",
    "7ta",
    "htta",
    "chi",
    "shi",
    "wa3r",
    "wa3er",
    "khass",
    "khas",
    "dir",
    "diri",
    "tbarklah",
    "tbarkallah",
    "mskin",
    "meskin",
    "mskina",
    "lah",
    "llah",
    "wlh",
    "wallah",
    "wlah",
    "rabi",
    "rbi",
    "yarbi",
    "3lik",
    "3lih",
    "3la",
    "m3a",
    "m3ak",
    "fiha",
    "fih",
    "liya",
    "fiya",
    "ana",
    "howa",
    "hiya",
    "bghina",
    "kan",
    "kant",
    "ma3ndich",
    "nari",
    "drari",
    "lbnat",
    "lmghrib",
    "lmaghrib",
    "bslama",
    "hhh",
    "hhhh",
    "ila",
    "wla",
    "ola",
    "kml",
    "kaml",
    "ykhlik",
    "yhdik",
    "inchallah",
    "nchallah",
    "mabrouk",
    "mbrok",
    "ya",
    "o",
    "w",
    "yarabi",
    "yarab",
    "yarbi",
    "bnti",
    "lmaghrib",
    "ba9i",
    "3andna",
    "kayna",
    "walou",
    "ychof",
    "chof",
    "smhli",
    "lhamdolilah",
    "hamdolilah",
    "hamdulilah",
    "inchalah",
    "nchalah",
    "fl",
    "mn",
    "lli",
    "wld",
    "bnt",
    "rajl",
    "mra",
    "nas",
    "bled",
    "lblad",
    "bladna",
    "tma",
    "raha",
    "rahom",
    "kamlin",
    "ach",
    "ghi",
    "dak",
    "dik",
    "hadak",
    "hadik",
    "hadou",
    "kidayr",
    "labas",
    "bslama",
    "sahbi",
    "khouya",
    "3ndi",
    "3andi",
    "3ndk",
    "fik",
    "fikom",
    "3likom",
    "lihom",
    "bihom",
    "rbi",
    "alah",
    "allah",
    "wallah",
    "tbarkallah",
    "mashallah",
    "machallah",
    "akhti",
    "khti",
    "lik",
];
pub const FR_MARKERS: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "pas", "pour", "que", "qui",
    "dans", "sur", "avec", "ce", "cette", "ces", "je", "tu", "il", "elle", "nous", "vous", "ils",
    "on", "mais", "au", "aux", "par", "plus", "tres", "sont", "ai", "suis", "etait", "mon", "ma",
    "mes", "ton", "son", "sa", "ses", "leur", "c", "l", "d", "j", "n", "qu", "ne", "ou", "si",
    "comme", "tout", "bien", "trop", "merci", "bonjour", "cest", "faire", "fait", "y", "en",
];
pub const EN_MARKERS: &[&str] = &[
    "the", "a", "an", "and", "is", "are", "was", "were", "to", "of", "in", "on", "for", "with",
    "i", "you", "he", "she", "it", "we", "they", "my", "your", "this", "that", "not", "be", "have",
    "has", "had", "do", "does", "did", "at", "just", "so", "but", "what", "all", "me", "im", "i'm",
    "don't", "it's", "can", "will", "would", "get", "got", "like", "love", "from", "about",
    "there", "their", "been", "if", "or", "out", "up", "no", "its", "very", "lol", "really", "how",
    "why", "when", "who", "today", "now", "new", "good", "great", "day", "time", "going", "gonna",
    "im", "u", "ur", "thanks", "thank", "know", "think", "one", "our", "us", "him", "her", "them",
    "his", "after", "before", "again", "off", "over", "first", "last", "night", "see", "go",
    "make", "need", "want", "people", "back", "here", "can't", "didn't", "doesn't", "isn't",
    "should", "could", "than", "then", "these", "those", "still", "too", "only", "into", "more",
    "am", "by", "yes", "yeah", "oh", "omg", "haha", "well", "right", "way", "much", "some", "any",
];

/// Negators that scope over the next few words (folded keys). "n" is French n'.
pub const NEGATORS: &[&str] = &[
    // fr
    "ne",
    "n",
    "pas",
    "jamais",
    "sans",
    "contre",
    "anti",
    "against",
    "aucun",
    "aucune",
    "rien",
    "ni",
    "nullement",
    "non",
    "guere",
    // "zéro souci", "zero respect", "زيرو مشاكل": a noun's absence (the
    // next word only, rules.rs)
    "zero",
    "زيرو",
    // en
    "not",
    "no",
    "never",
    "nor",
    "without",
    "cannot",
    "dont",
    "doesnt",
    "didnt",
    "isnt",
    "wasnt",
    "arent",
    "werent",
    "cant",
    "couldnt",
    "wont",
    "wouldnt",
    "shouldnt",
    "aint",
    "hasnt",
    "havent",
    "hadnt",
    "neither",
    "nothing",
    "nobody",
    // ar (MSA + dialects)
    "لا",
    "لم",
    "لن",
    "ليس",
    "ليست",
    "لست",
    "لسنا",
    "ما",
    "مش",
    "مو",
    "مب",
    "ماشي",
    "مافي",
    "بدون",
    "دون",
    "ولا",
    "ولم",
    "ولن",
    "وليس",
    "فلا",
    "بلا",
    "ضد",
    "مهوش",
    "ماهوش",
    "ماهيش",
    "عمري",
    "ماعمري",
    "ماعمرني",
    "ماعمرو",
    "ماعمرها",
    "ابدا",
    "مكانش",
    // ary-latn
    "machi",
    "mashi",
    "mchi",
    "mach",
    "mech",
    "mich",
    "mouch",
    "mush",
    "mesh",
    "ma",
    "bla",
    "mahouch",
    "mahich",
    "3omri",
    "3mri",
    // "never" with its subject glued: ma3mrni tbloka lia (it never froze on me)
    "ma3mrni",
    "ma3merni",
    "ma3mrna",
    "ma3mro",
    "ma3mrou",
    "ma3mrha",
    "ma3mrhom",
];

/// Darija "there is no" / "X has no" written joined to the ما/ma ("ماكاين
/// مشكل", "ma3ndi mochkil", "ماعندهمش الضمير"): negators like the split forms
/// ("ما عندي"), but they often close a clause ("الاعتراف مكاينش، والله
/// اخليك"), so they reach the next two words only.
pub const JOINED_NEG: &[&str] = &[
    "ماكاين",
    "ماكاينش",
    "ماكينش",
    "مكاينش",
    "ماعندي",
    "ماعنديش",
    "ماعندك",
    "ماعندكش",
    "ماعندو",
    "ماعندوش",
    "ماعندها",
    "ماعندهاش",
    "ماعندنا",
    "ماعندناش",
    "ماعندهم",
    "ماعندهمش",
    "ماعندكم",
    "ماعندكمش",
    "مافيهاش",
    "مافيهش",
    "مافيهمش",
    "ماعندهومش",
    "ماعندكومش",
    "معنديش",
    "معندوش",
    "معندهمش",
    "makayn",
    "makaynch",
    "makaynech",
    "makainch",
    "makinch",
    "ma3ndi",
    "ma3ndich",
    "ma3andi",
    "ma3endi",
    "ma3ndk",
    "ma3ndek",
    "ma3ndo",
    "ma3endo",
    "ma3ndou",
    "ma3ndha",
    "ma3ndna",
    "ma3ndhom",
    "ma3endhom",
    "ma3andhom",
    "ma3ndkom",
    "mafihach",
    "mafihch",
    // the -ch forms of each person (session 22: "ma3ndhomch l7ya" read +1.5)
    "makaynach",
    "makaynsh",
    "ma3ndkch",
    "ma3ndekch",
    "ma3ndoch",
    "ma3ndouch",
    "ma3endouch",
    "ma3ndhach",
    "ma3ndnach",
    "ma3ndhomch",
    "ma3endhomch",
    "ma3andhomch",
    "ma3ndkomch",
    "ma3ndkoumch",
    "mafihomch",
];

/// Exceptive "only": after a negation it keeps what follows ("ماكاين غير
/// الخير" = there is only good).
pub const EXCEPTIVE: &[&str] = &["غير", "الا", "ghir", "ghire"];

/// Verbs of expectation. A negation before them denies the expectation, not
/// what follows: "لم أتوقع هذه الجودة", "didn't expect such quality", "je ne
/// pensais pas que ce serait si bon" are pleased surprise. ("I don't think
/// it's good" is another matter: present "think" passes its negation on, so
/// only past and expectation forms are listed.)
pub const EXPECTATIONS: &[&str] = &[
    "expect",
    "expected",
    "expecting",
    "thought",
    "attendais",
    "attendait",
    "attendions",
    "imaginais",
    "pensais",
    "croyais",
    "اتوقع",
    "توقعت",
    "نتوقع",
    "متوقع",
    "متوقعه",
];

/// Oaths that open a clause (see SCOPE_END).
pub const OATHS: &[&str] = &["والله", "wallah", "wallahi", "walah", "wlah", "wellah"];

/// Words of thanks and congratulation (folded keys) that turn ironic when
/// everything else in the text is a complaint.
const IRONIC_PRAISE: &[&str] = &[
    "bravo",
    "merci",
    "chapeau",
    "felicitations",
    "thanks",
    "thank",
    "thx",
    "congrats",
    "congratulations",
    "kudos",
    "شكرا",
    "برافو",
    "choukran",
    "chokran",
    "shukran",
    "mer9i",
    // "raccroché au nez, très professionnel bravo": the praise a rude
    // service gets back (batch 61)
    "professionnel",
    "professionnelle",
    "professional",
];

/// Markers of a repeat or of something still not done (folded keys).
const REPEATS: &[&str] = &[
    "encore",
    "toujours",
    "again",
    "another",
    "still",
    "3awtani",
    "3awd",
    "tani",
    "عاوتاني",
    "تاني",
    "مجددا",
];

/// Apologies (folded keys): beside thanks they are politeness, not irony.
const APOLOGIES: &[&str] = &[
    "desole",
    "desolee",
    "desoles",
    "desolees",
    "navre",
    "navree",
    "pardon",
    "excuses",
    "sorry",
    "apologies",
    "apologize",
    "اسف",
    "اسفه",
    "سمحلي",
    "سمحيلي",
    "smhli",
    "sm7li",
    "sme7li",
];

/// French post-verbal negation: "j'aime pas", "ça marche jamais".
pub const FR_POST_NEG: &[&str] = &["pas", "jamais", "plus", "point", "guere", "rien"];

/// French verbs, nouns and prepositions of opposition (folded keys): the tone
/// of their object is reversed ("réduire la pollution" is good news). Forms
/// that are also ordinary words with another sense are left out: "limite"
/// (borderline), "evite" ("à éviter" is a verdict of its own), "baisse" and
/// "chute" (rated words themselves), "fin", and "contre" alone ("voter contre
/// la confiance" is a stance on a topic, not good news about it).
pub const FR_SHIFTERS: &[&str] = &[
    "reduire",
    "reduit",
    "reduisent",
    "reduisant",
    "reduction",
    "diminuer",
    "diminution",
    "limiter",
    "limitent",
    "lutter",
    "lutte",
    "luttent",
    "luttant",
    "combattre",
    "combat",
    "combattent",
    "prevenir",
    "prevention",
    "eviter",
    "endiguer",
    "enrayer",
    "eradiquer",
    "freiner",
    "stopper",
    "halte",
    "anti",
    // Lack reverses what is missing: "manque de respect" is bad news,
    // "absence de panne" good news.
    "manque",
    "manquent",
    "absence",
];

/// English verbs and nouns of opposition or decrease: "reduce the risk",
/// "fight corruption", "prevent delays" are good news, "cut support" bad news.
/// Not "end" ("at the end of a great day"), "stop" ("can't stop smiling"),
/// "beat" or "overcome" ("overcome with joy"), whose objects are too often
/// something else.
pub const EN_SHIFTERS: &[&str] = &[
    "reduce",
    "reduces",
    "reduced",
    "reducing",
    "cut",
    "cuts",
    "cutting",
    "curb",
    "curbs",
    "curbing",
    "fight",
    "fights",
    "fighting",
    "combats",
    "combating",
    "combatting",
    "tackle",
    "tackles",
    "tackling",
    "prevent",
    "prevents",
    "prevented",
    "preventing",
    "avoid",
    "avoids",
    "avoided",
    "avoiding",
    "eliminate",
    "eliminates",
    "eliminating",
    "relieve",
    "relieves",
    "relieving",
    "lack",
    "lacks",
    "lacking",
    "lacked",
    "absence",
];

/// Participles of remedies, read after their object (rules.rs,
/// `remedy_done`; the DONE flag).
pub const REMEDIES_DONE: &[&str] = &[
    "resolu",
    "resolue",
    "resolus",
    "resolues",
    "repare",
    "reparee",
    "repares",
    "reparees",
    "corrige",
    "corrigee",
    "corriges",
    "corrigees",
    "fixed",
    "solved",
    "resolved",
    "sorted",
];

/// Remedies, in every language: what they act on is a problem, so they
/// reverse a negative object only (REMEDY): "résoudre les problèmes de
/// réseau", "fixed the annoying bug", "حل المشكل" are good news. "résolu"
/// (also "determined") and "règle" (also "rule") are left out.
pub const REMEDIES: &[&str] = &[
    "resoudre",
    "resout",
    "resolvent",
    // the noun: "merci pour la rapidité dans la résolution du problème"
    "resolution",
    "regler",
    "reglent",
    "remedier",
    "reparer",
    "repare",
    "reparee",
    "reparent",
    "depanner",
    "depanne",
    "eliminer",
    "eliminant",
    "solution",
    "solutions",
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "solve",
    "solves",
    "solved",
    "solving",
    "resolve",
    "resolves",
    "resolved",
    "resolving",
    // "thanks for handling my complaint so quickly" (batch 48)
    "handle",
    "handles",
    "handled",
    "handling",
    "حل",
    "لحل",
    "حلول",
    "معالجه",
    "لمعالجه",
    "اصلاح",
    "لاصلاح",
    // verb forms, with the conjunction posts glue to them: "وحلت مشكلتي",
    // "صلحو الريزو" (Darija: they fixed)
    "حلت",
    "وحلت",
    // "على سرعة الاستجابة وحل المشكلة" (held-out batch)
    "وحل",
    // "in / by solving": "شكرا على السرعة فحل المشكل" (batch 34); فحل
    // (stallion) is rated nowhere, so only its object reads it
    "فحل",
    "بحل",
    "حلو",
    "حلوا",
    "وحلو",
    "يحل",
    "تحل",
    "حليت",
    "حلينا",
    "صلحو",
    "صلحوا",
    "وصلحو",
    "صلحت",
    "sl7o",
    "sl7ou",
    "sal7o",
    "sl7at",
    // Arabizi "solved": "l agence 7lat lia lmochkil" (annotator batch); not
    // 7lo / 7lou, which are "sweet"
    "7el",
    "7ell",
    "7lat",
    "7llat",
    "7llo",
    "7alo",
    "7lit",
    "t7el",
    "t7ell",
    "t7all",
];

/// Arabic verbal nouns of opposition (folded keys: ة->ه, hamza forms -> ا),
/// with the proclitics press Arabic glues to them (و, ل, ال): "مكافحة الفساد"
/// (fighting corruption), "الحد من البطالة" (curbing unemployment) and
/// "القضاء على الفقر" (ending poverty) are good news, read through the object
/// that follows them as in French. Not "تخفيض" / "خفض": in shops and adverts
/// a reduction is a discount, good news on its own.
pub const AR_SHIFTERS: &[&str] = &[
    "مكافحه",
    "لمكافحه",
    "ومكافحه",
    "بمكافحه",
    "محاربه",
    "لمحاربه",
    "ومحاربه",
    "بمحاربه",
    "الحد",
    "للحد",
    "والحد",
    "القضاء",
    "للقضاء",
    "والقضاء",
    "تقليص",
    "لتقليص",
    "تقليل",
    "لتقليل",
    // loss and absence: losing a good thing is bad news, losing a bad one
    // good ("فقدت الامل", "غابت عني أفراحي", "قلة الاحترام")
    "فقد",
    "فقدت",
    "فقدنا",
    "وفقدت",
    "فقدان",
    "افتقد",
    "نفتقد",
    "ضاع",
    "ضاعت",
    "ضيع",
    "ضيعت",
    "ضيعنا",
    "ضياع",
    "غاب",
    "غابت",
    "غياب",
    "انعدام",
    "نقص",
    "قله",
    "خسرت",
    "خسرنا",
];

/// Arabic words of decrease, verbs first as press Arabic puts them ("تراجعت
/// الجريمة", crime fell) and verbal nouns ("انخفاض معدل البطالة"): rated
/// words themselves, like French "baisse", handing their weight to what they
/// reverse.
pub const AR_DECREASE: &[&str] = &[
    "انخفاض",
    "وانخفاض",
    "انخفض",
    "انخفضت",
    "تنخفض",
    "ينخفض",
    "تراجع",
    "وتراجع",
    "تراجعت",
    "يتراجع",
    "تتراجع",
    "تقلص",
    "تقلصت",
];

/// French words of decrease (folded keys). Like FR_SHIFTERS they reverse the
/// word they act on, before it ("la baisse du chômage") or after it, as its
/// verb ("le chômage baisse", "les pannes ont baissé", "en recul"); several are
/// rated words themselves ("baisse", "chute"), and lose that weight when they
/// reverse a rated neighbour. "disparition" and "effondrement" are left out:
/// what follows them is rarely what disappears ("la disparition de X, tué").
pub const FR_DECREASE: &[&str] = &[
    "baisse",
    "baissent",
    "baisser",
    "baissee",
    "baisses",
    "baissees",
    "chute",
    "chutent",
    "chuter",
    "recul",
    "recule",
    "reculent",
    "reculer",
    "diminue",
    "diminuee",
    "diminues",
    "diminuees",
    "ralentit",
    "ralentissent",
    "ralenti",
    "ralentie",
    "disparait",
    "disparaissent",
    "effondre",
    "effondrent",
    "regresse",
    "regressent",
    // "la grève est levée", "levée des sanctions": the end of a harm ("levée de
    // fonds" has no rated object); not "lève", which is also "se lève"
    "levee",
    "levees",
    "diminuent",
];

/// French determiners that open a verb's object (folded keys): a decrease verb
/// followed by one is transitive ("les autorités diminuent les aides").
pub const FR_DETERMINERS: &[&str] = &[
    "le", "la", "les", "l", "des", "du", "leur", "leurs", "son", "sa", "ses",
];

/// Auxiliaries and particles inside a French decrease's verb phrase ("est en
/// baisse", "ont encore baissé"): they do not use up the subject's reach.
pub const FR_VERB_PHRASE: &[&str] = &[
    "en", "est", "sont", "a", "ont", "etait", "etaient", "sera", "seront", "va", "vont", "encore",
];

/// (word, factor, position) — position: 0 = before the term, 1 = after, 2 = either.
pub const BOOSTERS: &[(&str, f64, u8)] = &[
    ("tres", 1.3, 0),
    ("trop", 1.3, 0),
    ("vraiment", 1.3, 2),
    ("tellement", 1.3, 0),
    ("si", 1.15, 0),
    ("hyper", 1.3, 0),
    ("archi", 1.3, 0),
    ("extremement", 1.4, 0),
    ("vachement", 1.3, 0),
    ("totalement", 1.3, 0),
    ("completement", 1.3, 0),
    ("absolument", 1.3, 0),
    ("enormement", 1.3, 2),
    ("particulierement", 1.2, 0),
    ("franchement", 1.2, 0),
    ("carrement", 1.3, 0),
    ("grave", 1.2, 1),
    ("peu", 0.6, 0),
    ("moins", 0.6, 0),
    ("plutot", 0.85, 0),
    ("assez", 0.9, 0),
    ("presque", 0.7, 0),
    ("legerement", 0.6, 0),
    ("very", 1.3, 0),
    ("really", 1.3, 0),
    ("so", 1.2, 0),
    ("sooo", 1.3, 0),
    ("too", 1.2, 0),
    ("extremely", 1.4, 0),
    ("totally", 1.3, 0),
    ("absolutely", 1.3, 0),
    ("completely", 1.3, 0),
    ("incredibly", 1.4, 0),
    ("most", 1.2, 0),
    ("highly", 1.3, 0),
    ("truly", 1.3, 0),
    ("fucking", 1.3, 0),
    ("damn", 1.2, 0),
    ("such", 1.15, 0),
    ("barely", 0.5, 0),
    ("hardly", 0.5, 0),
    ("slightly", 0.6, 0),
    ("somewhat", 0.7, 0),
    ("kinda", 0.7, 0),
    ("little", 0.7, 0),
    ("partly", 0.7, 0),
    // "قمة الروعة", "قمة في الجهل": the peak of whatever follows, praise or
    // scorn; before a name it is a summit ("قمة هلسنكي")
    ("قمه", 1.4, 0),
    ("جدا", 1.3, 1),
    ("كثيرا", 1.3, 1),
    ("للغايه", 1.4, 1),
    ("جد", 1.3, 0),
    ("اكثر", 1.2, 2),
    ("كتير", 1.3, 1),
    ("قوي", 1.2, 1),
    ("بزاف", 1.3, 2),
    ("بالزاف", 1.3, 2),
    ("ياسر", 1.3, 1),
    // Egyptian and Gulf "very", after the word: "حلو اوي", "زين وايد"
    ("اوي", 1.3, 1),
    ("وايد", 1.3, 1),
    ("كثير", 1.3, 1),
    ("واجد", 1.3, 1),
    ("مره", 1.15, 0),
    ("حيل", 1.2, 1),
    ("شويه", 0.6, 2),
    ("شوي", 0.6, 2),
    ("قليلا", 0.6, 1),
    ("نسبيا", 0.7, 2),
    ("bzaf", 1.3, 2),
    ("bzzaf", 1.3, 2),
    ("bezzaf", 1.3, 2),
    ("bzf", 1.3, 2),
    ("bzef", 1.3, 2),
    ("ktir", 1.3, 1),
    ("yasser", 1.3, 1),
    ("yaser", 1.3, 1),
    ("chwiya", 0.6, 2),
    ("chwia", 0.6, 2),
    ("shwiya", 0.6, 2),
];

pub const CONTRASTS: &[&str] = &[
    "mais",
    "pourtant",
    "cependant",
    "neanmoins",
    "toutefois",
    "but",
    "however",
    "although",
    "لكن",
    "ولكن",
    "لاكن",
    "ولاكن",
    "لكنه",
    "لكنها",
    "بل",
    "بينما",
    "walakin",
    "walakine",
    "walaken",
    "lakin",
    "lakine",
    "walakn",
    "lakn",
    "walkin",
    // "on the contrary": after a denial the praise that follows is meant
    // ("ماشي خايب بالعكس عجبني"), so the denial must not reach it.
    "بالعكس",
    "bl3ks",
    "bal3ks",
    "bel3aks",
    "bil3aks",
];

/// Comment adverbs: the speaker's judgement of the whole clause, so a
/// negation inside the clause does not reach them. "ce n'est malheureusement
/// pas le cas", "this is not, unfortunately, true", "لا اظن ذلك للأسف" are
/// all still unfortunate.
pub const COMMENT_ADVERBS: &[&str] = &[
    "malheureusement",
    "heureusement",
    "helas",
    "unfortunately",
    "fortunately",
    "sadly",
    "luckily",
    "unluckily",
    "thankfully",
    "hopefully",
    "regrettably",
    "للاسف",
    "الاسف",
    "lil2asaf",
    "lel2asaf",
    "ll2asaf",
    "lasaf",
];

/// Comparative forms read by two rules: the denial that turns them into a
/// superlative (rules.rs, nothing_better: "rien de mieux que") and the
/// comparison a brand loses (target.rs, compared_against: "meilleur qu'Inwi").
/// Each rule adds its own words to these.
pub const COMPARATIVE_FORMS: &[&str] = &[
    "mieux",
    "meilleur",
    "meilleure",
    "meilleurs",
    "meilleures",
    "pire",
    "pires",
    "better",
    "worse",
];

/// Comparatives that a denial of everything else turns into a superlative:
/// COMPARATIVE_FORMS and these ("nothing better than", "never been happier").
pub fn denied_comparative(k: &str) -> bool {
    COMPARATIVE_FORMS.contains(&k) || ["best", "happier", "greater", "nicer", "worst"].contains(&k)
}

/// Darija words in Latin letters that are no French or English word (unlike
/// markers such as "had", "fin", "ana", "rah"): one in a French or English
/// sentence is code-switching ("le réseau zwin walakin ghali", "l'appli dyal
/// inwi khayba"), and the text's other words may be Darija too.
pub const ARY_LATN_SWITCH: &[&str] = &[
    "dyal", "dial", "diel", "dyali", "dyalek", "dyalna", "dyalhom", "bzaf", "bzzaf", "bezzaf",
    "bzf", "wach", "kayn", "kayen", "kayna", "machi", "mashi", "daba", "ghadi", "hadchi", "hadshi",
    "chno", "chnou", "kifach", "kifash", "mnin", "bghit", "bghina", "mzyan", "mzian", "mzyana",
    "zwin", "zwina", "zouin", "zwine", "khoya", "khouya", "wakha", "walo", "walou", "kolchi",
    "kolshi", "mazal", "ntoma", "dima", "khass", "mskin", "meskin", "wallah", "wlah", "wlh",
    "yarbi", "drari", "bslama", "ykhlik", "yhdik", "nchallah", "walakin", "walakine", "walaken",
    "khayb", "khayba", "khaybin", "ma3ndich", "3lach", "3lash", "3afak", "b7al", "ch7al",
];

/// Units of a star grade after a number (folded keys: ة->ه).
pub const STAR_UNITS: &[&str] = &[
    "etoile",
    "etoiles",
    "star",
    "stars",
    "نجمه",
    "نجوم",
    "نجمات",
    "njma",
    "nejma",
    "njoum",
    "njom",
];

/// Business figures (folded keys). "chiffre" stands for "chiffre d'affaires"
/// and "معاملات" for "رقم معاملات"; "prix" is not one: it is a COST.
pub const FIGURES: &[&str] = &[
    "chiffre",
    "benefice",
    "benefices",
    "resultat",
    "resultats",
    "ventes",
    "revenus",
    "abonnes",
    "marge",
    "marges",
    "rentabilite",
    "exportations",
    "revenue",
    "revenues",
    "profit",
    "profits",
    "earnings",
    "sales",
    "subscribers",
    "income",
    "ارباح",
    "الارباح",
    "وارباح",
    "ارباحها",
    "معاملات",
    "مبيعات",
    "المبيعات",
    "مداخيل",
    "المداخيل",
    "عائدات",
    "العائدات",
    "مشتركي",
    "المشتركين",
    "مشترك",
];

/// Words of growth, read only beside a business figure.
pub const GROWTH_WORDS: &[&str] = &[
    "hausse",
    "augmente",
    "augmentent",
    "augmentation",
    "progresse",
    "progressent",
    "progression",
    "progresser",
    "croissance",
    "bondit",
    "bond",
    "grimpe",
    "grimpent",
    "record",
    "records",
    "depasse",
    "depassent",
    "franchit",
    "double",
    "envole",
    "envolent",
    // "renoue avec les bénéfices": back to profit
    "renoue",
    "renouent",
    "explose",
    "explosent",
    "flambe",
    "flambent",
    "flambee",
    "triple",
    "triplent",
    "augmenter",
    "multiplie",
    "multiplient",
    "creuse",
    "creusent",
    "creuser",
    "remonte",
    "remontent",
    "bondissent",
    "grew",
    "grow",
    "grows",
    "growth",
    "rose",
    "rise",
    "rises",
    "rising",
    "up",
    "jumped",
    "jumps",
    "surged",
    "surges",
    "soared",
    "increased",
    "increase",
    "increases",
    "climbed",
    "climbs",
    "tops",
    "topped",
    "exceeds",
    "exceeded",
    "doubled",
    "ارتفاع",
    "وارتفاع",
    "ارتفع",
    "ارتفعت",
    "يرتفع",
    "ترتفع",
    "نمو",
    "ونمو",
    "زياده",
    // Darija: "زادو فالفاتورة", "ziyada f lfatora"
    "زادو",
    "زادت",
    "ziyada",
    "zyada",
    "tzad",
    // "went up": "الأسعار فمرجان طلعات بزاف" (annotator batch)
    "طلعات",
    "طلعو",
    "طالعه",
    "طالعين",
    "tl3at",
    "tal3a",
    "tal3in",
    "تضاعف",
    "تضاعفت",
    "تجاوز",
    "تجاوزت",
    "قياسي",
    "قياسيه",
    // high: "السعر مرتفع", "أرباح مرتفعة"
    "مرتفع",
    "مرتفعه",
    // "ولات نار", "cha3la": on fire, prices sky-high or sales booming
    "نار",
    "شاعله",
    "nar",
    "cha3la",
];

/// What customers pay (folded keys), read only beside a word of change: "la
/// facture a doublé", "baisse des prix", "fees went up", "الأسعار ارتفعت".
/// "forfait" and "abonnement" are products as often as prices, but beside a
/// word of change they are what one pays ("le forfait augmente").
pub const COSTS: &[&str] = &[
    "prix",
    "tarif",
    "tarifs",
    "facture",
    "factures",
    "abonnement",
    "forfait",
    "frais",
    "loyer",
    "loyers",
    "mensualite",
    "mensualites",
    "cotisation",
    "cotisations",
    "price",
    "prices",
    "pricing",
    "bill",
    "bills",
    "fee",
    "fees",
    "fare",
    "fares",
    "rent",
    "tariff",
    "tariffs",
    "subscription",
    "اسعار",
    "الاسعار",
    "سعر",
    "السعر",
    "ثمن",
    "الثمن",
    "اثمنه",
    "الاثمنه",
    "فاتوره",
    "الفاتوره",
    "تعريفه",
    "التعريفه",
    // Darija glues في + ال: "زيادة فالفاتورة", "فالأسعار"
    "فالاسعار",
    "فالسعر",
    "فالثمن",
    "فالفاتوره",
    "فالتعريفه",
    "lprix",
    "lfatora",
    "lfatoura",
    "lfactura",
    "lfacture",
    "las3ar",
    "l2as3ar",
    "ttaman",
];

/// Harms counted in the news (folded keys), read only beside a word of change
/// (rules.rs, figure_change). Rated French harms ("chômage", "pauvreté",
/// "accidents") are not listed: the decrease rule already reverses them ("la
/// baisse du chômage"). Rated English ones are (see below): English has only a
/// shifter's weaker reversal after the term. Not "cas" (a case, any case) nor
/// "vols" (flights).
pub const HARMS: &[&str] = &[
    "mortalite",
    "deces",
    "criminalite",
    "delinquance",
    "inflation",
    "inegalites",
    "chomeurs",
    "emissions",
    "infections",
    "contaminations",
    "incendies",
    "agressions",
    "cambriolages",
    "faillites",
    "embouteillages",
    "noyades",
    "homicides",
    "sdf",
    // English ("emissions", "infections" are listed above, spelled alike)
    "deaths",
    "crime",
    "casualties",
    // rated harms, listed for English: "unemployment falls to its lowest
    // level" reads as one fall, like "crime dropped", not as the harm
    // reversed at a shifter's weight (held-out batch)
    "unemployment",
    "poverty",
    "الوفيات",
    "وفيات",
    "التضخم",
    "الاصابات",
    "اصابات",
    "الانبعاثات",
    "الاميه",
    "الحوادث",
    "حوادث",
];

/// Gains counted in the news (folded keys), read only beside a word of change:
/// a country's reserves and harvests, a city's visitors, a worker's wages.
pub const GAINS: &[&str] = &[
    "reserves",
    "recoltes",
    "recolte",
    "touristes",
    "visiteurs",
    "salaires",
    "salaire",
    "investissements",
    "naissances",
    "wages",
    "tourists",
    "visitors",
    "harvest",
    "السياح",
    "الاستثمارات",
    "الاجور",
    "المحصول",
];

/// English words of decline, read only beside a business figure.
pub const EN_FALL: &[&str] = &[
    "fell",
    "fallen",
    "falls",
    "fall",
    "dropped",
    "drops",
    "declined",
    "declines",
    "decline",
    "slumped",
    "plunged",
    "plummeted",
    "sank",
    "shrank",
    "down",
    "decreased",
    "slid",
];

/// Copulas: "ce n'est pas mieux", "it's not better" deny the comparison itself.
pub const COPULAS: &[&str] = &[
    "est", "etait", "sont", "etaient", "sera", "serait", "is", "was", "are", "were", "s", "m",
    "re", "am", "isn't", "wasn't", "aren't", "weren't", "isnt", "wasnt", "it's", "that's", "i'm",
    "im", "he's", "she's", "you're", "we're", "they're",
];

/// Arabic demonstratives, MSA and Darija (folded keys).
pub const AR_DEMONSTRATIVES: &[&str] = &[
    "هذا", "هذه", "هذي", "ذلك", "تلك", "هاذا", "هاذ", "هاذي", "هاد", "هادا", "هادي", "هاذه",
];

/// Adjectives of degree that follow an Arabic decrease noun ("تراجع كبير في
/// الجودة", a sharp fall in quality): part of the decrease, not of its object.
pub const AR_DEGREE: &[&str] = &[
    "كبير",
    "كبيره",
    "حاد",
    "حاده",
    "ملحوظ",
    "ملحوظه",
    "شديد",
    "واضح",
    "خطير",
    "كبيرا",
];

/// Question words that ask for a recommendation ("Quel est le meilleur
/// opérateur ?", "What's the best bank?", "شنو أحسن شركة؟"): a superlative
/// after one of them in a question is asked, not said (rules.rs).
pub const INTERROGATIVES: &[&str] = &[
    "quel", "quelle", "quels", "quelles", "lequel", "laquelle", "which", "what", "whats", "what's",
    "ما", "ماهو", "ماهي", "اي", "شنو", "اشنو", "شنهو", "اشمن", "chno", "achno", "chnou", "achmen",
    // where and who: "فين كاين أحسن محل؟", "where's the best tajine in Fes?"
    // (batch 36). Not French "où": folded, it is "ou" (or).
    "where", "wheres", "where's", "who", "whos", "who's", "فين", "شكون", "fin", "chkoun", "chkon",
];

/// Verbs that ask for a recommendation in a question: "vous connaissez un bon
/// plombier ?", "can anyone recommend a good bank?", "chi wa7ed y3ref chi
/// garage mzyan?".
pub const ASK_VERBS: &[&str] = &[
    "connaissez",
    "connais",
    "connait",
    "connaissent",
    "conseillez",
    "conseiller",
    "recommandez",
    "recommander",
    "know",
    "knows",
    "recommend",
    "suggest",
    "y3ref",
    "ya3ref",
    "t3rfo",
    "ta3rfo",
    "t3erfo",
    "kay3ref",
    "يعرف",
    "تعرفو",
    "كيعرف",
];

/// Plain praise words a recommendation question asks about, with ASK_VERBS
/// only ("quel bon film" is an exclamation as often as a question).
pub const GOOD_ASKED: &[&str] = &[
    "bon",
    "bonne",
    "bons",
    "bonnes",
    "good",
    "mzyan",
    "mzyana",
    "mezyan",
    "مزيان",
    "مزيانه",
];

/// Words of promise (folded keys): the French participle, English past,
/// Darija "they promised us/me" in both scripts.
pub const PROMISES: &[&str] = &[
    "promis",
    "promise",
    "promised",
    "assure",
    "assured",
    "w3dona",
    "w3douna",
    "wa3dona",
    "w3douni",
    "w3dni",
    "وعدونا",
    "وعدوني",
    "وعدني",
    "وعدتونا",
];

/// Superlatives a recommendation question asks about.
pub const SUPERLATIVES: &[&str] = &[
    "meilleur",
    "meilleure",
    "meilleurs",
    "meilleures",
    "mieux",
    "best",
    "افضل",
    "احسن",
    "a7sen",
    "ahsen",
    "a7san",
];

/// What a customer is owed and waits for (folded keys): a reply, the
/// parcel, the refund, a service that works. Only its denial carries tone:
/// "le service client ne répond plus", "commande jamais reçue", "never
/// refunded", "ما كيجاوبوش", "ma wslatnich". Left out, as their denial is as
/// often something else: "livré"/"livre" (book), "arrivé" ("ça ne m'est
/// jamais arrivé", never happened to me), "réglé"/"règle" (rule), "work"
/// ("I don't work on Sundays"), MSA "يعمل" and "يصل" (news: "لم يصل إلى
/// اتفاق").
pub const SERVICE_OUTCOMES: &[&str] = &[
    // fr
    "repond",
    "repondent",
    "repondu",
    "repondre",
    "recu",
    "recue",
    "recus",
    "recues",
    "rembourse",
    "remboursee",
    "rembourses",
    "remboursent",
    "fonctionne",
    "fonctionnent",
    "joignable",
    "joignables",
    "rappele",
    "resolu",
    "resolue",
    // the technician or the courier: "le livreur n'est jamais venu"
    "venu",
    "venue",
    "venus",
    // en
    "answer",
    "answered",
    "answers",
    "answering",
    "respond",
    "responded",
    "responds",
    "reply",
    "replied",
    "replies",
    "received",
    "arrived",
    "delivered",
    "refunded",
    "works",
    "worked",
    "fixed",
    "resolved",
    "reachable",
    // ar, ary
    "يردون",
    "يستجيب",
    "تستجيب",
    "يشتغل",
    "تشتغل",
    "جاوب",
    "جاوبو",
    "جاوبوني",
    "جاوبني",
    "يجاوب",
    "يجاوبو",
    "كيجاوب",
    "كيجاوبو",
    "وصلني",
    "وصلات",
    "وصلاتني",
    "وصلاتنا",
    "خدام",
    "خدامه",
    "كيخدم",
    "كيخدمو",
    "كتخدم",
    "تخدم",
    "رجعو",
    "رجعولي",
    "عوضوني",
    // ary-latn
    "jawb",
    "jawbo",
    "jawbou",
    "jawbouni",
    "jawboni",
    "jawbni",
    "kayjawb",
    "kayjawbo",
    "kayjawbou",
    "kijawbo",
    "kijawbou",
    "wslat",
    "wsslat",
    "wslatni",
    "wsslatni",
    "wslni",
    "wselni",
    "khdam",
    "khddam",
    "kheddam",
    "khedam",
    "kaykhdem",
    "katkhdem",
    "tkhdem",
    "rj3o",
    "rj3ou",
    "rj3ouli",
    "3wdouni",
    // What the customer is owed, as a noun: "sans remboursement", "pas de
    // réponse", "without any refund", "دون أي تعويض", "coupure sans préavis".
    // Not MSA رد / جواب: news says "لم يصدر أي رد" of governments.
    "remboursement",
    "reponse",
    "explication",
    "explications",
    "dedommagement",
    "compensation",
    "excuse",
    "excuses",
    "preavis",
    "refund",
    "reimbursement",
    "explanation",
    "apology",
    "تعويض",
    "اعتذار",
    "توضيح",
    "تفسير",
    "انذار",
    "ta3wid",
    // Being heard: "le gouvernement n'écoute personne", "sans concertation",
    // "nobody listens".
    "ecoute",
    "ecoutent",
    "concertation",
    // "une réforme annoncée sans consulter les profs" (annotator batch)
    "consulter",
    "consultation",
    "listen",
    "listens",
    "listened",
];

/// Nouns of trouble (folded keys), with the Arabic article and the Darija
/// spellings customers write: see TROUBLE.
pub const TROUBLES: &[&str] = &[
    "souci",
    "soucis",
    "probleme",
    "problemes",
    "pb",
    "panne",
    "pannes",
    "bug",
    "bugs",
    "problem",
    "problems",
    "issue",
    "issues",
    "مشكل",
    "المشكل",
    "مشكله",
    "المشكله",
    "مشاكل",
    "المشاكل",
    "mochkil",
    "mochkila",
    "mochkel",
    "mouchkil",
    "mchkil",
    "machakil",
    "lmochkil",
];

/// Waiting (folded keys), in the forms customers write when they complain.
pub const WAIT_WORDS: &[&str] = &[
    "attendre",
    "attendu",
    "attendue",
    "attends",
    "attend",
    "attendons",
    "attendez",
    "attente",
    "patiente",
    "patienter",
    "poireaute",
    "poireauter",
    "wait",
    "waited",
    "waiting",
    "hold",
    // "2 heures de queue", "2 sa3at f la queue"
    "queue",
    "انتظار",
    "انتظرت",
    "انتظرنا",
    "ننتظر",
    "ينتظر",
    "كنتسنى",
    "كنتسناو",
    "تسنيت",
    "تسنينا",
    "نتسنى",
    "كنستنى",
    "مستني",
    "kantsna",
    "kantsnaw",
    "tsnit",
    "tsnina",
    "kanstna",
    "ntsna",
    "kantsena",
    "tsenna",
    "kantsenna",
];

/// Units of time (folded keys). Digits glued to a unit ("2h", "45min") are
/// read by `is_duration`.
pub const DURATIONS: &[&str] = &[
    "heure",
    "heures",
    "minute",
    "minutes",
    "min",
    "mn",
    "jour",
    "jours",
    "semaine",
    "semaines",
    "mois",
    "hour",
    "hours",
    "hrs",
    "mins",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "ساعه",
    "ساعات",
    "ساعتين",
    "دقيقه",
    "دقائق",
    "دقايق",
    "يوم",
    "ايام",
    "يومين",
    "اسبوع",
    "اسابيع",
    "سيمانه",
    "سيمانات",
    "شهر",
    "شهور",
    "اشهر",
    "sa3a",
    "sa3at",
    "sa3tin",
    "simana",
    "simanat",
    "d9ay9",
    "dqay9",
    "iyam",
    "ayam",
    "chhar",
    "chhour",
];

/// Pronouns after which ما asks ("ما هي أفضل شركة؟", what is the best
/// company?) rather than denies.
pub const AR_PRONOUNS: &[&str] = &["هو", "هي", "هم"];

/// Verbs of continuity that ما and لا form idioms with: "ما زال" and "لا
/// يزال" (still), "ما دام" (as long as).
pub const AR_CONTINUITY: &[&str] = &[
    "زال", "زالت", "زلت", "زلنا", "زالو", "يزال", "تزال", "نزال", "دام", "دامت", "دمت", "دمتم",
    "دمتي", "دمنا",
];

fn table() -> &'static Map<Func> {
    static T: OnceLock<Map<Func>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: Map<Func> = Map::default();
        let mut add = |list: &[&str], flag: u32| {
            for w in list {
                m.entry((*w).to_string()).or_default().flags |= flag;
            }
        };
        add(ARY_MARKERS, ARY);
        add(AR_MARKERS, AR);
        add(ARY_LATN_MARKERS, LATN);
        add(ARY_LATN_SWITCH, SWITCH);
        add(STAR_UNITS, STAR_UNIT);
        add(FIGURES, FIGURE);
        add(COSTS, COST);
        add(HARMS, HARM);
        add(GAINS, GAIN);
        add(PROMISES, PROMISE);
        add(SUPERLATIVES, ASKABLE);
        add(ASK_VERBS, ASKABLE);
        add(GOOD_ASKED, ASKABLE);
        add(GROWTH_WORDS, GROWTH);
        add(EN_FALL, FALL);
        add(WAIT_WORDS, WAIT);
        add(DURATIONS, DURATION);
        add(SERVICE_OUTCOMES, SERVICE);
        add(TROUBLES, TROUBLE);
        add(FR_MARKERS, FR);
        add(EN_MARKERS, EN);
        add(NEGATORS, NEG);
        add(JOINED_NEG, NEG | SHORT_NEG);
        add(EXCEPTIVE, SCOPE_END);
        add(OATHS, SCOPE_END);
        add(EXPECTATIONS, SCOPE_END);
        add(IRONIC_PRAISE, PRAISE);
        add(APOLOGIES, APOLOGY);
        add(REPEATS, REPEAT);
        add(COMMENT_ADVERBS, COMMENT);
        add(CONTRASTS, CONTRAST);
        add(FR_POST_NEG, POST_NEG);
        add(FR_SHIFTERS, SHIFT);
        add(FR_DECREASE, DECREASE);
        add(AR_SHIFTERS, SHIFT);
        add(AR_DECREASE, DECREASE);
        add(EN_SHIFTERS, SHIFT);
        add(REMEDIES, SHIFT | REMEDY);
        add(REMEDIES_DONE, DONE);
        for (w, f, p) in BOOSTERS {
            let e = m.entry((*w).to_string()).or_default();
            e.boost = *f;
            e.boost_pos = *p;
        }
        m
    })
}

/// Every closed-class word with its info (for the lexicon's merged index).
pub fn all() -> impl Iterator<Item = (&'static String, &'static Func)> {
    table().iter()
}

pub fn func(k: &str) -> Func {
    table().get(k).copied().unwrap_or_default()
}
