//! Shared by `benches/matcher.rs` and `examples/cputime.rs`: a realistic,
//! mostly non-matching French/Arabic news text, a deterministic set of
//! synthetic brands, and the one-regex-per-alias baseline.

use regex::Regex;
use veille::matcher::BrandSpec;

pub const FR: &[&str] = &[
    "Le gouvernement a présenté mardi le projet de loi de finances pour l'année prochaine, qui prévoit une hausse des investissements publics dans les infrastructures routières et ferroviaires.",
    "Selon le Haut-Commissariat au Plan, le taux de chômage a légèrement reculé au troisième trimestre, porté par la reprise de l'activité dans le BTP et les services.",
    "À Casablanca, les travaux du tramway ont perturbé la circulation sur le boulevard Zerktouni pendant plusieurs semaines, au grand dam des commerçants.",
    "Les opérateurs télécoms, dont Inwi et Maroc Telecom, ont annoncé une extension de leur couverture 4G dans les zones rurales de l'Oriental.",
    "La saison agricole s'annonce difficile en raison du déficit pluviométrique : les barrages affichent un taux de remplissage inférieur à 30 %.",
    "Le ministère de l'Éducation nationale a publié le calendrier des examens du baccalauréat ; les épreuves écrites débuteront début juin.",
    "Dans un communiqué, l'Office national de l'électricité et de l'eau potable a rappelé l'importance d'une consommation responsable pendant l'été.",
    "Le festival Mawazine revient cette année avec une programmation qui mêle artistes marocains, africains et internationaux sur sept scènes.",
    "Les exportations de phosphates et dérivés ont progressé de 12 % sur un an, selon les chiffres de l'Office des changes publiés jeudi.",
    "Plus d'informations sur https://www.exemple.ma/actualites/economie et sur les réseaux sociaux #Maroc #économie.",
];

pub const AR: &[&str] = &[
    "قدمت الحكومة يوم الثلاثاء مشروع قانون المالية للسنة المقبلة، والذي يتوقع ارتفاع الاستثمارات العمومية في البنيات التحتية الطرقية والسككية.",
    "حسب المندوبية السامية للتخطيط، تراجع معدل البطالة بشكل طفيف خلال الفصل الثالث بفضل انتعاش نشاط البناء والخدمات.",
    "في الدار البيضاء، تسببت أشغال الترامواي في عرقلة حركة السير بشارع الزرقطوني لعدة أسابيع، مما أثار استياء التجار.",
    "أعلنت شركات الاتصالات، ومنها إنوي واتصالات المغرب، عن توسيع تغطية الجيل الرابع في المناطق القروية بجهة الشرق.",
    "يبدو الموسم الفلاحي صعبا بسبب العجز في التساقطات المطرية، إذ لا تتجاوز نسبة ملء السدود ثلاثين في المائة.",
    "نشرت وزارة التربية الوطنية جدولة امتحانات البكالوريا، وستنطلق الاختبارات الكتابية في بداية شهر يونيو.",
    "وفي بلاغ لها، ذكّرت المكتب الوطني للكهرباء والماء الصالح للشرب بأهمية الاستهلاك المسؤول خلال فصل الصيف.",
    "ارتفعت صادرات الفوسفاط ومشتقاته بنسبة ١٢ في المائة على أساس سنوي، وفق أرقام مكتب الصرف الصادرة يوم الخميس.",
];

/// A realistic mixed document of about `size` bytes (2/3 French, 1/3 Arabic).
pub fn news_text(size: usize) -> String {
    let mut s = String::with_capacity(size + 512);
    let mut i = 0;
    while s.len() < size {
        s.push_str(FR[i % FR.len()]);
        s.push(' ');
        s.push_str(FR[(i * 7 + 3) % FR.len()]);
        s.push('\n');
        s.push_str(AR[i % AR.len()]);
        s.push('\n');
        i += 1;
    }
    s
}

/// Tiny deterministic PRNG (xorshift) so the brand set is stable across runs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

/// `n` brands with 5 aliases each: a Latin name, a two-word name, a hashtag,
/// an Arabic-script name and a case-sensitive acronym. A few real brands are
/// included so that the text has some hits.
pub fn brands(n: usize) -> Vec<BrandSpec> {
    let syl = [
        "ka", "ro", "mi", "ta", "zu", "ne", "lo", "bri", "sa", "vo", "dex", "tel", "mar", "qu",
        "fi", "ga", "po", "lux", "ni", "wa",
    ];
    let ar = [
        "ك", "ر", "م", "ت", "ز", "ن", "ل", "ب", "س", "ف", "ق", "ج", "ش", "ط", "ه",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = vec![
        BrandSpec {
            name: "Inwi".into(),
            aliases: vec![
                "inwi".into(),
                "إنوي".into(),
                "#inwi".into(),
                "@inwi".into(),
                "inoui".into(),
            ],
            ..Default::default()
        },
        BrandSpec {
            name: "Maroc Telecom".into(),
            aliases: vec![
                "maroc telecom".into(),
                "=IAM".into(),
                "اتصالات المغرب".into(),
                "itissalat al maghrib".into(),
                "#iam".into(),
            ],
            ..Default::default()
        },
    ];
    while out.len() < n {
        let mut name = String::new();
        for _ in 0..2 + rng.next() % 2 {
            name.push_str(rng.pick(&syl));
        }
        let mut arabic = String::new();
        for _ in 0..4 + rng.next() % 3 {
            arabic.push_str(rng.pick(&ar));
        }
        let acro: String = name.chars().take(3).collect::<String>().to_uppercase();
        out.push(BrandSpec {
            name: name.clone(),
            aliases: vec![
                name.clone(),
                format!(
                    "{name} {}",
                    rng.pick(&["maroc", "group", "bank", "assurances", "telecom"])
                ),
                format!("#{name}"),
                arabic,
                format!("={acro}X"),
            ],
            ..Default::default()
        });
    }
    out.truncate(n);
    out
}

/// The baseline: what one would write without a multi-pattern automaton.
pub fn regex_loop(brands: &[BrandSpec]) -> Vec<(usize, Regex)> {
    let mut v = Vec::new();
    for (i, b) in brands.iter().enumerate() {
        for a in &b.aliases {
            let (ci, lit) = match a.strip_prefix('=') {
                Some(rest) => ("", rest),
                None => ("(?i)", a.as_str()),
            };
            v.push((
                i,
                Regex::new(&format!(r"{ci}\b{}\b", regex::escape(lit))).unwrap(),
            ));
        }
    }
    v
}
