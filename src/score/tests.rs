//! Behaviour tests of the public API: one table per rule and language, plus
//! targeting, user lexicons, the JSONL protocol and a never-panic property.
//! Texts are written for the tests (no dev-set lines).

// score_targeted takes a slice of ranges, so one-element range arrays are the
// natural call; a reversed range is passed on purpose to test clamping.
#![allow(clippy::single_range_in_vec_init, clippy::reversed_empty_ranges)]

use super::*;
use proptest::prelude::*;
use std::sync::OnceLock;

fn scorer() -> &'static Scorer {
    static S: OnceLock<Scorer> = OnceLock::new();
    S.get_or_init(|| Scorer::new(&[]).unwrap())
}

fn s(text: &str) -> Score {
    scorer().score(text)
}

fn hit<'a>(sc: &'a Score, term: &str) -> &'a TermHit {
    sc.terms
        .iter()
        .find(|t| t.term == term)
        .unwrap_or_else(|| panic!("no term {term:?} in {:?}", sc.terms))
}

/// (text, expected label) tables.
fn check_labels(cases: &[(&str, i8)]) {
    for (text, want) in cases {
        let sc = s(text);
        assert_eq!(sc.label, *want, "{text:?} -> {sc:?}");
    }
}

/// A user lexicon entry (term, weight, language).
fn entry(term: &str, weight: f64, lang: Option<&str>) -> LexiconEntry {
    LexiconEntry {
        term: term.into(),
        weight,
        lang: lang.map(Into::into),
    }
}

#[test]
fn basic_polarity_each_language() {
    check_labels(&[
        ("Ce service est génial, merci !", 1),
        ("Le réseau est nul et le service client horrible", -1),
        ("This phone is great, I love it", 1),
        ("Worst customer service ever, terrible", -1),
        ("هذا المنتج رائع وممتاز", 1),
        ("خدمة سيئة جدا ومخيبة", -1),
        ("الخدمة ديال هاد الشركة زوينة بزاف", 1),
        ("هاد الريزو خايب بزاف، حشومة", -1),
        ("had service zwin bzaf, tbarkallah", 1),
        ("had reseau khayb bzaf, hchouma", -1),
        ("La réunion aura lieu mardi à Rabat", 0),
        ("The meeting is on Tuesday", 0),
    ]);
}

#[test]
fn negation_french() {
    // ne … pas, n' … pas, post-verbal pas, sans, jamais.
    let sc = s("Je n'aime pas ce forfait");
    assert!(hit(&sc, "aime").weight < 0.0 && sc.label == -1, "{sc:?}");
    assert!(hit(&sc, "aime").why.contains("negated"));
    let sc = s("Ce n'est pas bon du tout");
    assert!(hit(&sc, "bon").weight < 0.0, "{sc:?}");
    // one negation even with two French negators (n' + pas)
    assert!((hit(&sc, "bon").weight + 1.5 * 0.74).abs() < 1e-9, "{sc:?}");
    let sc = s("j'aime pas cette pub");
    assert!(hit(&sc, "aime").weight < 0.0, "{sc:?}");
    let sc = s("Une installation sans erreur");
    assert!(
        hit(&sc, "erreur").weight > 0.0 && hit(&sc, "erreur").why.contains("negated (sans)"),
        "{sc:?}"
    );
    // fixed expression wins over the rule
    assert_eq!(s("Un forfait sans problème").terms[0].term, "sans problème");
    let sc = s("Ce n'est jamais mauvais");
    assert!(hit(&sc, "mauvais").weight > 0.0, "{sc:?}");
    // Scope ends at punctuation: "pas" does not reach past the comma.
    let sc = s("Pas de réseau, super service sinon");
    assert!(hit(&sc, "super").weight > 0.0, "{sc:?}");
    // Idiom: "pas mal" is mildly positive, not a negated negative.
    assert_eq!(s("C'est pas mal").label, 1);
    // "plus" negates only with ne: "j'aime plus le rouge" has no negation.
    let sc = s("Je ne l'aime plus");
    assert!(hit(&sc, "aime").weight < 0.0, "{sc:?}");
}

#[test]
fn negation_english() {
    for (text, term) in [
        ("This is not good", "good"),
        ("I don't like it", "like"),
        ("It never works well", "well"),
        ("I can't recommend it", "recommend"),
    ] {
        let sc = s(text);
        assert!(hit(&sc, term).weight < 0.0, "{text}: {sc:?}");
    }
}

/// Regression: written French puts "ne" before the idioms that carry their own
/// negation word, and that "ne" used to negate them again: "ce n'est pas mal",
/// "il n'y a pas de souci" came out negative (only the spoken "c'est pas mal"
/// was right).
#[test]
fn french_ne_is_the_partner_of_an_idiom_own_negation() {
    check_labels(&[
        ("ce n'est pas mal", 1),
        ("C'est pas mal", 1),
        ("il n'y a pas de souci", 1),
        ("je n'ai pas de problème avec eux", 1),
        ("je n'ai rien à redire", 1),
        ("Rien à redire, livraison parfaite", 1),
        // An ordinary word is still negated.
        ("ce n'est pas bon", -1),
    ]);
}

/// Everyday complaint and praise idioms whose words alone mislead.
#[test]
fn service_idioms_each_language() {
    check_labels(&[
        ("Orange ne répond jamais au téléphone", -1),
        ("le service client ne répond pas", -1),
        ("toujours pas de réponse du service client", -1),
        ("I can't say enough good things about Royal Air Maroc", 1),
        ("I couldn't be happier with my new plan", 1),
        ("Can't wait for the new season", 1),
        ("الخدمة ديال اتصالات المغرب ماشي هي هاديك", -1),
        ("lkhedma dial inwi machi hiya hadik", -1),
        // Broken service, lost orders, churn.
        ("Rien ne marche avec cette appli", -1),
        ("ça marche pas depuis hier", -1),
        ("Le colis n'est jamais arrivé", -1),
        // The phrase holds "pas": the "n'" before "toujours" is its partner.
        ("je n'ai toujours pas reçu ma commande", -1),
        ("Plus jamais je prends cette compagnie", -1),
        ("Je vais résilier mon abonnement", -1),
        ("The app keeps crashing", -1),
        ("My package never arrived", -1),
        ("inwi dima kat9t3 lkhedma", -1),
        ("والله ما بقيت نقدر مع هاد الشركة", -1),
        // "since the morning" is not the greeting "صباح الخير".
        ("الانترنت مقطوعة من الصباح", -1),
        ("صباح الخير", 1),
        ("l'application de la banque plante tout le temps", -1),
        ("Wana Corp, c'est fini pour moi", -1),
        ("Still waiting for my refund from Jumia", -1),
        ("jumia ma wslatnich lcommande, 2 simanat w ana tsenna", -1),
        ("الريزو طايح من البارح", -1),
        ("Merci Inwi, problème réglé en 10 minutes", 1),
        ("Problem solved in five minutes, thanks", 1),
        ("livreur kan drif bzaf, lah yjazih bikhir", 1),
        // "not normal" is a complaint though "normal" has no tone (batch 13).
        ("J'ai plus de réseau depuis ce matin, c'est pas normal", -1),
        ("3 jours bla connexion, machi normal", -1),
        ("ماشي نورمال هاد الشي", -1),
        ("had l'application katkhwer, ma tkhdemch", -1),
        ("لكارط ما كتخدمش", -1),
        ("هذا غير مقبول", -1),
    ]);
}

/// Regression: the Darija circumfix written as two words ("ما عجبنيش",
/// "ma 3jbatnich"), the commonest spelling, came out neutral: the verb with
/// its -ش was in no list, and only the one-word form was stripped.
#[test]
fn darija_circumfix_split_over_two_words() {
    for (text, term, negator) in [
        ("ما عجبنيش السيرفيس ديال اتصالات المغرب", "عجبنيش", "ما"),
        ("ما زوينش هاد الشي", "زوينش", "ما"),
        ("ma 3jbatnich lkhedma dyal inwi", "3jbatnich", "ma"),
    ] {
        let sc = s(text);
        let h = hit(&sc, term);
        assert!(
            sc.label == -1 && h.why.contains(&format!("negated ({negator})")),
            "{text:?} -> {sc:?}"
        );
    }
    // Without the ما the -ش is not stripped: "عجبكش؟" is a question.
    assert!(s("عجبكش").terms.is_empty());
}

/// Darija "there is no" / "I have no" written as one word is a negator
/// ("ماكاين مشكل", "ma3ndi mochkil" used to read as a complaint), but a short
/// one; "only" (غير, ghir) after a negation keeps what follows; a negator
/// inside a phrase ("ماكاين باس", no harm) stays in it.
#[test]
fn darija_joined_negation_exceptive_and_phrases() {
    for (text, term, negated) in [
        ("ma3ndi mochkil m3a inwi", "mochkil", true),
        ("ماكاين مشكل", "مشكل", true),
        ("ماعندهمش الضمير", "الضمير", true),
        ("ma3ndhom la dmir la walou", "dmir", true),
        // Regression: the -ch forms were missing ("ma3ndhomch l7ya" read +1.5).
        ("ma3ndhomch l7ya", "l7ya", true),
        ("ma3ndkomch thi9a", "thi9a", true),
        ("ماكاين غير الخير", "الخير", false),
        ("makayn ghir lkhir", "lkhir", false),
        ("الاعتراف مكاينش والله اخليك", "اخليك", false),
        ("الاعتراف مكاينش فهاد البلاد الزوينة", "الزوينة", false),
        ("ماكاين باس صباح الخير", "صباح الخير", false),
    ] {
        let sc = s(text);
        let h = hit(&sc, term);
        assert_eq!(h.why.contains("negated"), negated, "{text:?} -> {sc:?}");
    }
    check_labels(&[
        ("ma3ndi mochkil m3a inwi", 1),
        ("ماعندهمش الضمير", -1),
        ("makayn ghir lkhir", 1),
        ("ماكاين باس صباح الخير", 1),
    ]);
}

/// Thanks or praise beside nothing but complaints is sarcasm ("Bravo Lydec,
/// coupure d'eau"); any positive word or an apology keeps it sincere.
#[test]
fn thanks_among_complaints_is_ironic() {
    for text in [
        "Bravo Lydec, coupure d'eau pendant 3 jours sans prévenir",
        "Thanks Jumia for losing my package",
        "شكرا اتصالات، الكونيكسيون طايحة من الصباح",
        "chokran inwi 3la had rezo khayb",
    ] {
        let sc = s(text);
        assert_eq!(sc.label, -1, "{text:?} -> {sc:?}");
        assert!(sc.terms[0].why.contains("ironic"), "{text:?} -> {sc:?}");
    }
    for (text, want) in [
        ("Merci Inwi pour la rapidité", 1),
        ("Bravo !", 1),
        ("Félicitations à l'équipe malgré la défaite", 1),
        ("Merci beaucoup, désolé pour le retard", 0),
    ] {
        let sc = s(text);
        assert!(
            !sc.terms.iter().any(|t| t.why.contains("ironic")),
            "{text:?} -> {sc:?}"
        );
        if want != 0 {
            assert_eq!(sc.label, want, "{text:?} -> {sc:?}");
        }
    }
}

/// Regression: a negated negative used to turn as positive as a plain
/// positive ("on n'assassine pas les transporteurs" came out +2.5, praise).
/// It is weak evidence for the other pole, well short of the mirror image.
#[test]
fn negated_negative_is_weakly_positive() {
    for (negated, plain, term) in [
        (
            "on n'assassine pas les transporteurs",
            "on assassine les transporteurs",
            "assassine",
        ),
        ("It is not terrible", "It is terrible", "terrible"),
        ("ماشي خايب", "خايب", "خايب"),
        ("machi khayb", "khayb", "khayb"),
    ] {
        let (n, p) = (s(negated), s(plain));
        let (wn, wp) = (hit(&n, term).weight, hit(&p, term).weight);
        assert!(wp < 0.0, "{plain}: {p:?}");
        assert!(wn > 0.0 && wn < -wp * 0.5, "{negated}: {wn} vs {wp}");
        assert!(hit(&n, term).why.contains("negated"), "{negated}: {n:?}");
    }
    // A negated positive still flips nearly whole.
    let (n, p) = (s("ce n'est pas génial"), s("c'est génial"));
    assert!(hit(&n, "génial").weight < -0.5 * hit(&p, "génial").weight);
}

/// "like" compares as often as it likes; VADER rates it +1.5 everywhere, so
/// "it looks like rain" came out positive.
#[test]
fn english_like_as_comparison_is_not_liking() {
    check_labels(&[
        ("It looks like rain again", 0),
        ("Sounds like a plan for Monday", 0),
        ("This feels like a Monday", 0),
        ("I like it", 1),
        ("I really like the new app", 1),
        ("It looks like a scam", -1),
    ]);
}

#[test]
fn negation_arabic_and_darija() {
    // MSA particles
    for text in ["هذا ليس جيدا", "لم يكن جميل", "لا احب هذا"] {
        let sc = s(text);
        assert!(sc.score < 0.0, "{text}: {sc:?}");
        assert!(
            sc.terms.iter().any(|t| t.why.contains("negated")),
            "{text}: {sc:?}"
        );
    }
    // "ما أجمل" is an exclamation, not a negation.
    assert_eq!(s("ما اجمل هذا").label, 1);
    // Darija ماشي / مش
    assert_eq!(s("هاد الشي ماشي زوين").label, -1);
    assert_eq!(s("الخدمة مش مزيانة").label, -1);
    // Circumfix ma…ch on the verb itself
    let sc = s("ماعجبنيش هاد الفيلم");
    assert!(
        sc.label == -1 && sc.terms[0].why.contains("ma…ch"),
        "{sc:?}"
    );
    let sc = s("مازوينش");
    assert_eq!(sc.label, -1, "{sc:?}");
}

#[test]
fn arabic_privative_ghayr_negates_only_the_next_adjective() {
    // MSA "غير" + indefinite adjective is "un-": the adjective is negated.
    for text in ["الخدمة غير جيدة", "بشكل غير معقول", "كتاب تافه او غير مفيد"]
    {
        let sc = s(text);
        assert!(
            sc.score < 0.0 && sc.terms.iter().any(|t| t.why.contains("negated (غير)")),
            "{text}: {sc:?}"
        );
    }
    // Elsewhere it is "only": before a definite noun, a Darija verb, an
    // elative, or after a negation (the exceptive).
    for (text, want) in [
        ("غير الخير ان شاء الله", 1),
        ("غير كيعجبني نبين ليه", 1),
        ("ما كاين غير الزين", 1),
        ("غير أجمل من هذا", 1),
    ] {
        let sc = s(text);
        assert_eq!(sc.label, want, "{text}: {sc:?}");
        assert!(
            sc.terms.iter().all(|t| !t.why.contains("negated (غير)")),
            "{text}: {sc:?}"
        );
    }
}

#[test]
fn negation_arabizi() {
    let sc = s("ma3jbnich had l film");
    assert!(
        sc.label == -1 && sc.terms[0].why.contains("ma…ch"),
        "{sc:?}"
    );
    assert_eq!(s("had lfilm machi zwin").label, -1);
    assert_eq!(s("had chi mashi mzyan").label, -1);
    assert_eq!(s("lmakla mazwinach").label, -1);
}

#[test]
fn french_inflections_use_own_list() {
    // Feminine, plural and -ent verb forms take the weight of their base
    // form in our own list, before the imported lists' own (uneven) forms.
    check_labels(&[
        ("Elle est vraiment énervée par ce service", -1),
        ("Mes voisins adorent cette appli", 1),
        ("Les abonnés détestent la nouvelle offre", -1),
        ("Des retards inadmissibles chaque matin", -1),
        ("Les clients apprécient le nouveau service", 1),
        // "France" is not "franc" + e: bare -e is only stripped after t, s, d, u, i.
        ("Nous partons en France demain", 0),
    ]);
    let base = hit(&s("Elle est contente"), "contente").weight;
    assert_eq!(hit(&s("Elles sont contentes"), "contentes").weight, base);
    let base = hit(&s("Il est énervé"), "énervé").weight;
    assert_eq!(hit(&s("Elle est énervée"), "énervée").weight, base);
}

#[test]
fn french_inflections_of_imported_words() {
    // Regression: the imported lists rate "boosté" but have no "boostée", and
    // only our own list was inflected, so "sera boostée" scored nothing.
    let base = hit(&s("Les ventes sont boostées"), "boostées").weight;
    assert_eq!(base, hit(&s("Le chiffre est boosté"), "boosté").weight);
    assert_eq!(hit(&s("L'offre est boostée"), "boostée").weight, base);
    // An imported list's own form is kept over the one derived from its base
    // (vaderSentiment-fr: "combattant" -0.6, "combattante" +0.6).
    assert!(hit(&s("une combattante"), "combattante").weight > 0.0);
    assert!(hit(&s("un combattant"), "combattant").weight < 0.0);
}

#[test]
fn french_caps_words_are_acronyms() {
    // An all-caps word in mixed-case French is an acronym or a name: the
    // imported and English lists do not rate it, our own list still does.
    for text in [
        "La BAD finance un projet au Sénégal",
        "La NASA publie une carte",
    ] {
        let sc = s(text);
        assert!(sc.terms.is_empty() && sc.label == 0, "{text}: {sc:?}");
    }
    let sc = s("Ce service est NUL, remboursez-moi");
    assert!(
        sc.label == -1 && hit(&sc, "NUL").why.contains("caps"),
        "{sc:?}"
    );
    // A text in capitals is shouting, not acronyms.
    assert_eq!(s("CE SERVICE EST HORRIBLE").label, -1);
}

#[test]
fn french_contre_is_not_a_negator() {
    for (text, term) in [
        ("Une campagne contre la violence", "violence"),
        (
            "Le réseau est lent, par contre le service est excellent",
            "excellent",
        ),
    ] {
        let sc = s(text);
        let h = hit(&sc, term);
        assert!(!h.why.contains("negated"), "{text}: {sc:?}");
    }
    assert_eq!(
        s("Le réseau est lent, par contre le service est excellent").label,
        1
    );
    // Real negators still flip.
    assert!(
        hit(
            &s("Un service sans problème majeur, jamais mauvais"),
            "mauvais"
        )
        .weight
            > 0.0
    );
}

#[test]
fn french_deny_list_and_idioms() {
    check_labels(&[
        // Frequent words the imported lists misread ("fois", "part", "premiers",
        // "attention"), discourse markers and quantities.
        ("Pour la première fois, le train part à 8h", 0),
        ("Les premiers résultats seront publiés mardi", 0),
        ("Attention, la réunion est déplacée à jeudi", 0),
        ("Il y a pas mal de monde à la gare", 0),
        ("Mais bon, on verra demain", 0),
        ("Bien sûr, la réunion est à 10h", 0),
        // "bien" as a quantity or a noun, "poids lourds" (lorries), "émis".
        ("Un bien public mondial", 0),
        ("Les poids lourds passent par le centre", 0),
        ("Les gaz émis par l'usine", 0),
        ("Le remaniement est annoncé", 0),
        ("Il a bien du mal à finir", -1),
        // Mistranslated imported entries.
        ("Quelle joie de vous retrouver", 1),
        ("Les clients sont séduits par l'offre", 1),
        // Idioms: counterfactual reproach, school-report criticism.
        ("Le ministre aurait dû démissionner", -1),
        ("Le réseau peut mieux faire", -1),
        ("Un drôle d'oiseau", -1),
        // Idioms whose words alone are neutral.
        ("Ce projet a le vent en poupe", 1),
        ("Encore une mauvaise nouvelle pour les abonnés", -1),
        ("Ils sont sur la liste noire des opérateurs", -1),
    ]);
}

#[test]
fn french_peu_and_moins_reverse() {
    // "peu X" / "moins X" say the quality is absent: they reverse the term.
    let sc = s("Un réseau peu fiable");
    assert!(
        sc.label == -1 && hit(&sc, "fiable").why.contains("×-0.6 peu"),
        "{sc:?}"
    );
    check_labels(&[
        ("Moins de problèmes depuis la mise à jour", 1),
        ("C'est l'offre la moins chère", 1),
        ("De moins en moins de pannes sur la ligne", 1),
    ]);
    // "un peu" is still a dampener, not a reversal.
    let base = hit(&s("Ce forfait est cher"), "cher").weight;
    let w = hit(&s("Ce forfait est un peu cher"), "cher").weight;
    assert!(w < 0.0 && w > base, "{w} vs {base}");
    // "au moins" (at least) is not a comparative: no reversal.
    assert!(hit(&s("Il est au moins gentil"), "gentil").weight > 0.0);
}

#[test]
fn french_verbs_of_opposition_reverse_their_object() {
    // "réduire la pollution" is good news: the object's tone is reversed.
    let sc = s("Le groupe va réduire la pollution de ses usines");
    assert!(
        sc.label == 1 && hit(&sc, "pollution").why.contains("object of réduire"),
        "{sc:?}"
    );
    check_labels(&[
        ("Un plan pour lutter contre le gaspillage", 1),
        ("La banque veut éviter le pire", 1),
        ("Une campagne anti-corruption", 1),
        // A positive object turns negative: cutting aid is bad news.
        ("Le gouvernement va diminuer les aides", -1),
    ]);
    // "contre" alone is a stance on a topic, not a reversal.
    assert!(hit(&s("Ils votent contre la confiance"), "confiance").weight > 0.0);
    // The scope ends at the clause: "réduire les coûts" does not reach the next sentence.
    assert!(hit(&s("Réduire les coûts. Quelle pollution !"), "pollution").weight < 0.0);
    // A negation takes precedence (one reversal only).
    let sc = s("Ils ne veulent pas réduire la pollution");
    assert!(hit(&sc, "pollution").why.contains("negated"), "{sc:?}");
}

#[test]
fn english_verbs_of_opposition_reverse_their_object() {
    let sc = s("The operator promises to reduce the outages");
    assert!(
        sc.label == 1 && hit(&sc, "outages").why.contains("object of reduce"),
        "{sc:?}"
    );
    check_labels(&[("They fight fraud", 1), ("They fight crime", 1)]);
    assert!(hit(&s("A plan to prevent delays"), "delays").weight > 0.0);
    assert!(hit(&s("The bank cut support for students"), "support").weight < 0.0);
    // Two words of reach only: the object and one word of its phrase.
    assert!(hit(&s("They avoid the usual very terrible delays"), "terrible").weight < 0.0);
}

#[test]
fn remedies_reverse_only_problems() {
    // A remedy's object is a problem: solving it is good news.
    check_labels(&[
        ("Inwi a pu résoudre les problèmes de réseau", 1),
        ("They finally fixed the horrible bug", 1),
        ("لقد تم حل المشكل", 1),
    ]);
    // One never solves a success: a positive word after a remedy is another
    // construction and keeps its tone.
    assert!(hit(&s("La solution pour un bonheur durable"), "bonheur").weight > 0.0);
    assert!(hit(&s("They fixed a great lunch for us"), "great").weight > 0.0);
    // A general shifter still reverses both ways.
    assert!(hit(&s("Le gouvernement va diminuer les aides"), "aides").weight < 0.0);
}

#[test]
fn french_decrease_reverses_its_subject_or_object() {
    // A decrease verb after its subject, or a decrease noun before its object,
    // reverses it and hands over its own weight ("baisse" alone is negative).
    let sc = s("Les plaintes ont baissé ce mois-ci");
    assert!(
        sc.label == 1 && hit(&sc, "plaintes").why.contains("object of baissé"),
        "{sc:?}"
    );
    assert!(sc.terms.iter().all(|t| t.term != "baissé"), "{sc:?}");
    check_labels(&[
        ("Le chômage baisse", 1),
        ("La baisse du chômage se confirme", 1),
        ("Les coupures sont en recul", 1),
        ("La corruption disparaît", 1),
        ("La qualité du service est en baisse", -1),
        ("La qualité baisse", -1),
        // Not a decrease of the subject: negated, or the verb has its own object.
        ("Le chômage ne baisse pas", -1),
        ("Les autorités diminuent les aides", -1),
        // A decrease noun after a word is not that word's verb.
        ("Le journal est menacé de disparition", -1),
        // Nothing rated to reverse: the decrease keeps its own weight.
        ("Les ventes chutent", -1),
    ]);
}

#[test]
fn arabic_opposition_and_decrease_reverse_their_object() {
    // Press Arabic puts the verbal noun or verb before what it acts on.
    let sc = s("مكافحة الفساد أولوية الحكومة");
    assert!(
        sc.label == 1 && hit(&sc, "الفساد").why.contains("object of مكافحة"),
        "{sc:?}"
    );
    check_labels(&[
        ("الحد من البطالة", 1),
        ("انخفاض معدل البطالة هذا العام", 1),
        ("تراجعت الجريمة في المدينة", 1),
        ("القضاء على الفقر", 1),
        // A decrease with nothing rated after it keeps its own (negative) weight.
        ("تراجع", -1),
    ]);
    // The reach is the object's phrase, not the rest of the sentence.
    let sc = s("محاربة التلوث في المدينة فاشلة");
    assert!(hit(&sc, "فاشلة").weight < 0.0, "{sc:?}");
}

#[test]
fn french_irregular_verb_forms() {
    // The inflection fallback only derives regular forms from a rated infinitive.
    check_labels(&[
        ("Ils nous mentent depuis le début", -1),
        ("Le service client ment", -1),
        ("Les abonnés souffrent et le réseau meurt", -1),
        ("Leurs offres déçoivent", -1),
    ]);
}

#[test]
fn french_accents_tell_homographs_apart() {
    // Regression: folding accents gave every "tâche" (task) the weight of "tache"
    // (stain) and every "pêche" (fishing) that of "péché" (sin).
    check_labels(&[
        ("Une nouvelle tâche pour l'équipe", 0),
        ("La pêche reprend dans le port", 0),
        ("La peche reprend dans le port", 0),
        ("Des taches sur la chemise", -1),
        ("C'est un péché", -1),
        ("J'ai la pêche ce matin", 1),
    ]);
    // A user's entry for the word wins over the accent-exact one.
    let cleaning = scorer()
        .with_extra(&[entry("tâche", -2.0, Some("fr"))])
        .unwrap();
    assert_eq!(cleaning.score("Encore une tâche").label, -1);
}

#[test]
fn french_non() {
    // A refusal on its own is mild negative evidence.
    let sc = s("Non, je ne viendrai pas demain");
    assert!(sc.label == -1 && hit(&sc, "Non").weight < 0.0, "{sc:?}");
    // ... and is not negated by a following "pas".
    assert!(hit(&s("Non, pas ça"), "Non").weight < 0.0);
    // Before a word it is a prefix negation of that word only.
    let sc = s("Un service non satisfaisant");
    assert!(
        sc.label == -1 && hit(&sc, "satisfaisant").why.contains("negated (non)"),
        "{sc:?}"
    );
    // The prefix reaches the next word only.
    let sc = s("Non merci, le service est satisfaisant");
    assert!(!hit(&sc, "satisfaisant").why.contains("negated"), "{sc:?}");
    // Between two words with nothing rated: a neutral description.
    assert_eq!(s("Le compteur non communicant arrive").label, 0);
    // ... but "dire non à X" is a refusal of X, wherever it stands.
    for text in [
        "L'Allemagne dit non au gaz de schiste",
        "Les habitants disent non aux nouvelles taxes",
    ] {
        let sc = s(text);
        assert!(
            sc.label == -1 && hit(&sc, "non").weight < 0.0,
            "{text}: {sc:?}"
        );
    }
    // Other languages: "non" is not a negator.
    assert!(
        !hit(&s("this is non toxic and great"), "great")
            .why
            .contains("negated")
    );
}

#[test]
fn intensifiers_and_dampeners() {
    let base = hit(&s("Le service est bon"), "bon").weight;
    let cases: &[(&str, &str, bool)] = &[
        ("Le service est très bon", "bon", true),
        ("Le service est vraiment bon", "bon", true),
        ("Le service est peu bon", "bon", false),
    ];
    for (text, term, up) in cases {
        let w = hit(&s(text), term).weight;
        assert_eq!(w > base, *up, "{text}: {w} vs {base}");
    }
    let sc = s("Le service est très bon");
    let why = &hit(&sc, "bon").why;
    assert!(why.contains("×1.3 très"), "{why}");
    let en = hit(&s("it is good"), "good").weight;
    assert!(hit(&s("it is very good"), "good").weight > en);
    assert!(hit(&s("it is barely good"), "good").weight < en);
    // Arabic / Darija intensifiers follow the word.
    let ar = hit(&s("المنتج رائع"), "رائع").weight;
    assert!(hit(&s("المنتج رائع جدا"), "رائع").weight > ar);
    let ary = hit(&s("هاد الشي زوين"), "زوين").weight;
    assert!(hit(&s("هاد الشي زوين بزاف"), "زوين").weight > ary);
    let latn = hit(&s("had chi zwin"), "zwin").weight;
    assert!(hit(&s("had chi zwin bzaf"), "zwin").weight > latn);
    assert!(hit(&s("had chi zwin chwiya"), "zwin").weight < latn);
}

#[test]
fn contrast_clause_weighs_more() {
    let cases = [
        ("Le réseau est bon mais le service client est horrible", -1),
        ("Le prix est élevé mais la qualité est excellente", 1),
        ("The screen is nice but the battery is terrible", -1),
        ("المنتج جميل لكن الخدمة سيئة", -1),
        ("lmontaj zwin walakin service khayb", -1),
    ];
    check_labels(&cases);
    let sc = s("Le réseau est bon mais le service client est horrible");
    assert!(hit(&sc, "horrible").why.contains("after contrast"));
    assert!(hit(&sc, "bon").why.contains("before contrast"));
}

#[test]
fn elongation_caps_exclamation() {
    let sc = s("zwiiiiin");
    assert!(
        sc.label == 1 && hit(&sc, "zwiiiiin").why.contains("elongated"),
        "{sc:?}"
    );
    assert_eq!(s("bravooooo").label, 1);
    assert_eq!(s("رائعععع").label, 1);
    assert_eq!(s("coooool").label, 1);
    let plain = hit(&s("the service is bad and slow"), "bad").weight;
    let caps = hit(&s("the service is BAD and slow"), "BAD").weight;
    assert!(caps < plain, "{caps} vs {plain}");
    let a = s("Super service").score;
    let b = s("Super service !!!").score;
    assert!(b > a, "{b} vs {a}");
    assert!(
        s("Super service !!!")
            .terms
            .iter()
            .any(|t| t.why == "exclamation")
    );
}

#[test]
fn emoji_and_emoticons() {
    check_labels(&[
        ("👍👍", 1),
        ("😡", -1),
        ("Inwi 💔", -1),
        ("merci :)", 1),
        ("bof :(", -1),
        ("❤️🔥", 1),
    ]);
    for (e, want) in [(":)", 1), (":-(", -1), (":D", 1), ("<3", 1), (":'(", -1)] {
        let sc = s(&format!("ok {e}"));
        assert!(
            sc.terms.iter().any(|t| t.term == e && t.why == "emoticon"),
            "{e}: {sc:?}"
        );
        assert_eq!(s(e).label, want, "{e}");
    }
    // no emoticon inside URLs or words
    assert!(s("voir http://a.b/c:)").terms.is_empty());
    let sc = s("top 👍🏽");
    assert_eq!(hit(&sc, "👍🏽").why, "emoji");
}

/// Regression: "&lt;3" (a heart as tweets exported through an API keep it)
/// was skipped as an HTML entity, and "<333" / ":DDD" were not emoticons at
/// all (the letter after ":D" made it look like the start of a word).
#[test]
fn escaped_and_elongated_emoticons() {
    for (text, term, label) in [
        ("merci &lt;3", "&lt;3", 1),
        ("grr &gt;:(", "&gt;:(", -1),
        ("bday <3333", "<3333", 1),
        ("bday &lt;333", "&lt;333", 1),
        ("lol :DDD", ":DDD", 1),
        ("bof :((", ":((", -1),
    ] {
        let sc = s(text);
        let h = hit(&sc, term);
        assert_eq!(
            (h.why.as_str(), sc.label),
            ("emoticon", label),
            "{text}: {sc:?}"
        );
    }
    // An entity that is no emoticon is still skipped whole, not read as "lt".
    assert!(s("a &lt; b &amp; c").terms.is_empty());
    // An emoticon followed by other letters is still no emoticon.
    assert!(s(":Dnope").terms.is_empty());
}

#[test]
fn arabizi_spelling_variants_match() {
    for w in [
        "zwin", "zwine", "zouin", "zwiin", "mzyan", "mzian", "mezyan",
    ] {
        assert_eq!(s(&format!("had chi {w}")).label, 1, "{w}");
    }
    for w in ["khayb", "5ayb", "khaib", "hchouma", "7chouma", "hshouma"] {
        assert_eq!(s(&format!("had chi {w}")).label, -1, "{w}");
    }
}

/// Regression: "Inwi khayb" has no function word of any language, so its
/// language is unknown, and unknown-language text used to consult Arabizi
/// only for digit-letter words: the complaint came out neutral.
#[test]
fn arabizi_without_function_words_is_scored() {
    check_labels(&[
        ("Inwi khayb", -1),
        ("khayb", -1),
        ("Orange zwina", 1),
        ("tfo 😠", -1),
        // French and English still come first where they know the word.
        ("top", 1),
        ("nul", -1),
        // A name that happens to share a consonant skeleton stays untouched.
        ("Samsung Galaxy S24", 0),
    ]);
    assert_eq!(hit(&s("Inwi khayb"), "khayb").why, "lexicon ary-latn");
}

#[test]
fn french_elisions_and_apostrophes() {
    // typographic apostrophe and elided articles: the word behind is found
    let sc = s("J’adore l’application d’Inwi");
    assert_eq!(sc.label, 1, "{sc:?}");
    let sc = s("qu'il est génial");
    assert!(hit(&sc, "génial").weight > 0.0);
    // accents folded for lookup: "genial" == "génial"
    assert_eq!(s("c'est genial").label, 1);
}

#[test]
fn arabic_normalisation_and_proclitics() {
    // alef forms, teh marbuta, diacritics, tatweel
    assert_eq!(s("أفضل خدمة").label, 1);
    assert_eq!(s("جمـــيلة جداً").label, 1);
    assert_eq!(s("رَائِعٌ").label, 1);
    // proclitics و ب ل ف ك ال stripped when the bare form is known
    for w in ["والجميل", "بالتوفيق", "فالسيء", "وللاسف", "والخايب"]
    {
        assert!(s(w).label != 0, "{w}");
    }
    // enclitics: يحفظك -> يحفظ
    assert_eq!(s("الله يحفظكم").label, 1);
}

#[test]
fn phrases_consume_their_negators() {
    // "لا حول ولا قوة" must not negate: it is a (negative) formula.
    assert_eq!(s("لا حول ولا قوة الا بالله").label, -1);
    assert_eq!(s("الله يعطيك الصحة").label, 1);
    assert_eq!(s("تبارك الله عليك").label, 1);
    assert_eq!(s("lah y3tik sa7a").label, 1);
}

#[test]
fn language_detection_reported() {
    let cases = [
        ("Le réseau est vraiment lent aujourd'hui", "fr"),
        ("The network is really slow today", "en"),
        ("الشبكة بطيئة جدا اليوم في المدينة", "ar"),
        ("الريزو تقيل بزاف دابا", "ary"),
        ("rizo t9il bzaf daba, wach kayn chi7al", "ary-latn"),
        ("👍", "und"),
    ];
    for (text, want) in cases {
        assert_eq!(s(text).lang, want, "{text}");
        assert_eq!(detect_lang(text), want, "{text}");
    }
}

/// Regression: a Latin text with no function word was read with the French
/// lists first, where "hates" is the plural of "hâte" (eagerness): "freaking
/// hates mondays" scored positive. Words only the English list knows now make
/// it English; short Arabizi and French posts stay where they were.
#[test]
fn short_english_text_without_function_words_is_read_as_english() {
    let sc = s("freaking hates mondays");
    assert_eq!((sc.lang.as_str(), sc.label), ("en", -1), "{sc:?}");
    assert!(hit(&sc, "hates").weight < 0.0, "{sc:?}");
    for (text, lang, label) in [
        ("Inwi khayb", "und", -1),
        ("top service", "und", 1),
        ("j'ai hâte", "fr", 1),
    ] {
        let sc = s(text);
        assert_eq!(
            (sc.lang.as_str(), sc.label),
            (lang, label),
            "{text}: {sc:?}"
        );
    }
    // Still a short text: the neutral band stays that of "und", so one
    // mildly polar English word labels it ("Pretty horses" is not neutral).
    assert_eq!(s("Pretty horses").label, 1);
}

#[test]
fn code_switching_mixed_text() {
    // Darija + French in one text: both vocabularies are consulted.
    let sc = s("wach had l'offre zwina? franchement c'est nul");
    assert!(sc.terms.len() >= 2, "{sc:?}");
    let sc = s("الخدمة زوينة merci beaucoup");
    assert_eq!(sc.label, 1);
}

#[test]
fn explanations_sum_to_raw_score() {
    let sc = s("Le service est très bon mais le réseau est nul !");
    let sum: f64 = sc.terms.iter().map(|t| t.weight).sum();
    let compound = sum / (sum * sum + 15.0).sqrt();
    assert!((compound - sc.score).abs() < 0.01, "{sum} {sc:?}");
    assert!(sc.terms.iter().all(|t| !t.why.is_empty()));
}

#[test]
fn targeting_picks_the_right_sentence() {
    let text = "Inwi a encore coupé le réseau, c'est inadmissible. Orange par contre est excellent, bravo !";
    let inwi = text.find("Inwi").unwrap();
    let orange = text.find("Orange").unwrap();
    let t1 = scorer().score_targeted(text, &[inwi..inwi + 4]);
    let t2 = scorer().score_targeted(text, &[orange..orange + 6]);
    assert_eq!(t1.target.label, -1, "{t1:?}");
    assert_eq!(t2.target.label, 1, "{t2:?}");
    assert_eq!(
        &text[t1.span.clone()],
        "Inwi a encore coupé le réseau, c'est inadmissible."
    );
    assert!(text[t2.span.clone()].starts_with("Orange"));
    assert_eq!(t1.whole, t2.whole);
    assert_eq!(t1.whole, scorer().score(text));
}

#[test]
fn targeting_borrows_next_sentence_when_mention_is_toneless() {
    let text = "Le match a eu lieu hier. Maroc Telecom a publié ses résultats. Une vraie catastrophe. Rien d'autre.";
    let p = text.find("Maroc Telecom").unwrap();
    let t = scorer().score_targeted(text, &[p..p + 13]);
    assert_eq!(t.target.label, -1, "{t:?}");
    assert!(text[t.span.clone()].contains("catastrophe"));
    assert!(!text[t.span.clone()].contains("match"));
}

#[test]
fn targeting_clamps_bad_ranges() {
    let text = "Très bon réseau 👍. Service nul.";
    let ranges = [0..1000, 1..2, 17..18, 500..600, 5..3];
    let t = scorer().score_targeted(text, &ranges);
    assert!(t.span.end <= text.len() && t.span.start <= t.span.end);
    let t = scorer().score_targeted(text, &[]);
    assert_eq!(t.span, 0..text.len());
    assert_eq!(t.target, t.whole);
    let t = scorer().score_targeted("", &[0..10]);
    assert_eq!(t.target.label, 0);
}

#[test]
fn user_entries_override_and_with_extra() {
    let base = Scorer::new(&[]).unwrap();
    assert_eq!(base.score("encore une coupure").label, -1);
    let telecom = base
        .with_extra(&[
            entry("coupure", 0.0, Some("fr")),
            entry("4G", 2.0, None),
            entry("réseau instable", -2.5, None),
        ])
        .unwrap();
    assert_eq!(telecom.score("encore une coupure").label, 0);
    assert_eq!(telecom.score("la 4G").label, 1);
    let sc = telecom.score("un réseau instable");
    assert_eq!(sc.label, -1);
    assert_eq!(sc.terms[0].why, "user lexicon");
    // elided terms and phrases line up with the tokeniser's elision split
    let s3 = base.with_extra(&[entry("L’Oréal", 1.0, None)]).unwrap();
    assert_eq!(s3.score("j'achète l'Oréal").label, 1);
    assert_eq!(base.score("c'est n'importe quoi").label, -1);
    assert_eq!(base.score("J'adore").label, 1);
    // the original is untouched
    assert_eq!(base.score("encore une coupure").label, -1);
    // Arabic user entry with proclitic stripping
    let s2 = base.with_extra(&[entry("انوي", 1.5, None)]).unwrap();
    assert_eq!(s2.score("وانوي").label, 1);
}

/// A brand's scorer keeps only the words its entries change and reads the
/// rest from the shared base (`Lexicon::add_user` on a shared lexicon), so
/// it must answer exactly as a lexicon built whole with the same entries:
/// every kind of entry (word with and without language, phrase, elided
/// name, Arabic, Darija, Arabizi phrase, emoji, emoticon, a verb whose forms
/// follow, a word with accented twins), and texts that reach them through
/// plurals, forms, prefixes and other spellings. The base stays as it was.
#[test]
fn brand_lexicon_scores_as_a_whole_rebuild() {
    let shared = [entry("bzaf mzyan", 2.5, Some("ary-latn"))];
    let brand = [
        entry("coupure", -2.5, None),
        entry("réseau", 0.0, Some("fr")),
        entry("4G", 2.0, None),
        entry("réseau instable", -2.5, None),
        entry("L’Oréal", 1.0, None),
        entry("انوي", 1.5, None),
        entry("زوين", -1.0, Some("ary")),
        entry("ممتاز", 0.5, Some("ar")),
        entry("rezo ta7", -2.0, Some("ary-latn")),
        entry("zwin", -1.0, Some("ary-latn")),
        entry("awesome", -1.0, Some("en")),
        entry("📶", 1.5, None),
        entry(":-/", -1.2, None),
        entry("tache", -1.0, Some("fr")),
        entry("débrancher", -2.0, Some("fr")),
    ];
    let texts = [
        "encore une coupure, les coupures continuent",
        "le réseau est instable, un réseau instable",
        "la 4G enfin, merci",
        "j'achète l'Oréal, L’Oréal top",
        "وانوي زوين بزاف، الانوي ممتاز",
        "rezo ta7 f inwi, rizo tah daba",
        "zwin bzaf, zwiiiin, bzaf mzyan",
        "awesome service, not awesome",
        "📶📶 enfin :-/ bof",
        "une tâche difficile, une tache sur la chemise",
        "ils ont débranché la ligne, ils débranchent tout",
        "Ce service est génial, merci !",
        "Le pire opérateur, service client nul",
        "ما عجبنيش الريزو، خايب بزاف",
        "khayb bezzaf had rezo, ma3jbnich",
    ];
    let base = Scorer::new(&shared).unwrap();
    let before: Vec<Score> = texts.iter().map(|t| base.score(t)).collect();
    let overlay = base.with_extra(&brand).unwrap();
    let whole_entries: Vec<LexiconEntry> = shared.iter().chain(&brand).cloned().collect();
    let whole = Scorer::new(&whole_entries).unwrap();
    for t in texts {
        assert_eq!(overlay.score(t), whole.score(t), "{t:?}");
        let n = t.chars().count();
        let mid: usize = t.char_indices().nth(n / 2).map_or(0, |(i, _)| i);
        assert_eq!(
            overlay.score_targeted(t, &[0..mid]),
            whole.score_targeted(t, &[0..mid]),
            "{t:?}"
        );
    }
    // The entries do change these texts, so the comparison above tests something.
    assert_ne!(overlay.score(texts[0]), base.score(texts[0]));
    assert_ne!(overlay.score(texts[4]), base.score(texts[4]));
    assert_ne!(overlay.score(texts[10]), base.score(texts[10]));
    let after: Vec<Score> = texts.iter().map(|t| base.score(t)).collect();
    assert_eq!(
        before, after,
        "a brand's entries leaked into the base scorer"
    );
    // A brand's brand (entries on top of entries) still answers as a rebuild.
    let more = [entry("coupure", 1.0, None), entry("tâche", 2.0, Some("fr"))];
    let nested = overlay.with_extra(&more).unwrap();
    let all: Vec<LexiconEntry> = whole_entries.iter().chain(&more).cloned().collect();
    let nested_whole = Scorer::new(&all).unwrap();
    for t in texts {
        assert_eq!(nested.score(t), nested_whole.score(t), "{t:?}");
    }
}

#[test]
fn user_entry_errors() {
    let bad = [
        entry(" ", 1.0, None),
        entry("x", f64::NAN, None),
        entry("x", f64::INFINITY, None),
        entry("x", 1.0, Some("de")),
    ];
    for e in bad {
        assert!(Scorer::new(std::slice::from_ref(&e)).is_err(), "{e:?}");
    }
}

#[test]
fn scorer_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scorer>();
    let a = scorer().clone();
    assert_eq!(a.score("super").label, 1);
}

#[test]
fn deterministic() {
    let t = "Franchement le service d'Inwi est vraiment nul 😡 mais l'appli est top";
    assert_eq!(s(t), s(t));
}

// ---- JSONL protocol

fn run(input: &str) -> Result<String, JsonlError> {
    let mut out = Vec::new();
    run_jsonl(input.as_bytes(), &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn jsonl_order_and_ids() {
    let input = concat!(
        r#"{"id": 7, "text": "super"}"#,
        "\n\n",
        r#"{"id": "a-1", "text": "nul"}"#,
        "\n",
        r#"{"id": {"k": [1, 2.5]}, "text": "bof", "brand": "x"}"#,
        "\n",
        r#"{"id": null, "text": "Inwi est nul. Orange est top.", "brand": "ORANGE"}"#,
    );
    let out = run(input).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], serde_json::json!(7));
    assert_eq!(lines[1]["id"], serde_json::json!("a-1"));
    assert_eq!(lines[2]["id"], serde_json::json!({"k": [1, 2.5]}));
    assert_eq!(lines[3]["id"], serde_json::Value::Null);
    assert_eq!(lines[0]["label"], 1);
    assert_eq!(lines[1]["label"], -1);
    assert_eq!(lines[3]["label"], 1, "targeted at Orange: {}", lines[3]);
    for l in &lines {
        let sc = l["score"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&sc));
        assert!(l["lang"].is_string());
        for t in l["terms"].as_array().unwrap() {
            assert!(t["term"].is_string() && t["weight"].is_number() && t["why"].is_string());
        }
    }
}

#[test]
fn jsonl_empty_input_prints_nothing() {
    assert_eq!(run("").unwrap(), "");
    assert_eq!(run("\n  \n").unwrap(), "");
}

#[test]
fn jsonl_malformed_line_names_line_number() {
    for (input, line) in [
        ("{\"id\":1,\"text\":\"ok\"}\n{oops\n", 2),
        ("{\"id\":1,\"text\":\"ok\"}\n\n{\"text\":\"no id\"}\n", 3),
        ("[1,2]\n", 1),
        ("{\"id\":1,\"text\":5}\n", 1),
    ] {
        match run(input) {
            Err(JsonlError::Malformed { line: l, .. }) => assert_eq!(l, line, "{input:?}"),
            other => panic!("{input:?}: {other:?}"),
        }
        let msg = run(input).unwrap_err().to_string();
        assert!(msg.starts_with(&format!("line {line}:")), "{msg}");
    }
}

#[test]
fn brand_mentions_are_case_and_accent_insensitive() {
    let text = "J'aime ORANGÉ et orange, pas Inwi";
    let m = jsonl::find_mentions(text, "Orange");
    assert_eq!(m.len(), 2);
    assert_eq!(&text[m[0].clone()], "ORANGÉ");
    assert_eq!(&text[m[1].clone()], "orange");
    assert!(jsonl::find_mentions(text, "  ").is_empty());
    let ar = "خدمة إتصالات المغرب زوينة";
    let m = jsonl::find_mentions(ar, "اتصالات");
    assert_eq!(&ar[m[0].clone()], "إتصالات");
}

// ---- properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn never_panics_and_stays_in_range(
        text in "\\PC{0,120}",
        mixed in prop::collection::vec(prop::sample::select(vec![
            "pas", "ne", "n'", "très", "mais", "لكن", "ما", "ش", "ماعجبنيش", "zwiiin", "bzaf", "ma3jbnich",
            "!!!", "😡", "👍🏽", "❤️", "&amp;", "http://x", "@u", ".", "\n", "ـــ", "َ", "É", "l’", "؟",
        ]), 0..20),
        ranges in prop::collection::vec((0usize..400, 0usize..400), 0..4),
    ) {
        let sc = scorer();
        let joined = format!("{text} {}", mixed.join(" "));
        for t in [text.as_str(), joined.as_str()] {
            let r = sc.score(t);
            prop_assert!((-1.0..=1.0).contains(&r.score));
            prop_assert!([-1i8, 0, 1].contains(&r.label));
            let rs: Vec<std::ops::Range<usize>> = ranges.iter().map(|&(a, b)| a..b).collect();
            let tg = sc.score_targeted(t, &rs);
            prop_assert!((-1.0..=1.0).contains(&tg.target.score));
            prop_assert!([-1i8, 0, 1].contains(&tg.target.label));
            prop_assert!(tg.span.start <= tg.span.end && tg.span.end <= t.len());
            prop_assert!(t.is_char_boundary(tg.span.start) && t.is_char_boundary(tg.span.end));
            // The whole-text score is the plain score, but for the brand names
            // it reads as names (`a_brand_name_is_not_a_term`).
            if rs.is_empty() {
                prop_assert_eq!(&tg.whole, &r);
            }
            prop_assert!((-1.0..=1.0).contains(&tg.whole.score));
            let _ = detect_lang(t);
        }
    }
}

#[test]
fn not_enough_is_a_complaint_in_each_language() {
    check_labels(&[
        ("Il n'y a pas assez de réseau à Agadir", -1),
        ("Ils ne déploient pas suffisamment d'efforts", -1),
        ("Le service client est insuffisant", -1),
        ("There is not enough staff at the store", -1),
        ("The app is not fast enough", -1),
        ("الخدمة غير كافية", -1),
        ("réseau makafich", -1),
        ("Manque de respect total", -1),
    ]);
    // The negated word after "pas assez" is still negated, and the two add up.
    let sc = s("Le débit n'est pas assez rapide");
    assert!(hit(&sc, "rapide").why.contains("negated"), "{sc:?}");
    assert!(hit(&sc, "pas assez").weight < 0.0, "{sc:?}");
    // "can't … enough" and "never enough" are praise, not a lack.
    check_labels(&[("I can't thank you enough", 1)]);
    let sc = s("I can never get enough of this app");
    assert!(sc.terms.iter().all(|t| t.weight >= 0.0), "{sc:?}");
    // A lack of a problem is good news.
    assert!(hit(&s("lack of problems so far"), "problems").weight > 0.0);
}

#[test]
fn opening_delight_at_a_repeat_is_sarcasm() {
    check_labels(&[
        ("Génial, encore une coupure", -1),
        ("Great, another outage", -1),
        ("Super ! Le réseau est encore en panne", -1),
        ("Zwin, 3awtani l'internet ta7", -1),
    ]);
    let sc = s("Génial, encore une coupure");
    assert!(hit(&sc, "Génial").why.contains("ironic"), "{sc:?}");
    // Sincere: another positive word beside it, no repeat, or not an opening
    // interjection.
    check_labels(&[
        ("Génial, le nouveau forfait est encore mieux", 1),
        ("Super, j'ai enfin reçu ma commande", 1),
    ]);
    assert!(
        !hit(&s("Super, j'ai raté le bus"), "Super")
            .why
            .contains("ironic")
    );
    assert!(
        !hit(
            &s("Le réseau est encore en panne, super service client quand même"),
            "super"
        )
        .why
        .contains("ironic")
    );
}

#[test]
fn something_still_not_done_is_a_complaint() {
    check_labels(&[
        ("Toujours pas remboursé après un mois", -1),
        ("Still no refund after 30 days", -1),
        ("Still not fixed", -1),
        // "Still nothing" needs no object, at the end of a post too.
        ("Une semaine que j'attends mon colis, toujours rien", -1),
        ("Ordered two weeks ago and still nothing", -1),
    ]);
    // "Toujours rien à redire" is the praise phrase, not a complaint.
    assert_eq!(s("Toujours rien à redire, service parfait").label, 1);
    // "still no" replaces the rated "no" rather than adding to it.
    let sc = s("Still no refund");
    assert_eq!(sc.terms.len(), 1, "{sc:?}");
    // A rated word after it is negated as usual: "toujours pas déçu" is praise.
    assert_eq!(s("Toujours pas déçu par ce resto").label, 1);
    // A phrase already says it: no second term.
    assert_eq!(s("Toujours pas reçu ma commande").terms.len(), 1);
}

#[test]
fn service_failures_in_customer_posts() {
    // Regression: each of these scored neutral (or positive, for the ironic
    // thanks) before the service vocabulary was written.
    check_labels(&[
        (
            "Ça fait 3 jours que je n'ai pas de connexion, merci Inwi",
            -1,
        ),
        (
            "On m'a facturé deux fois, personne ne répond au téléphone",
            -1,
        ),
        ("L'appli de CIH plante à chaque mise à jour", -1),
        ("had l'app katbloki kol mra", -1),
        ("My card was charged twice and nobody answers", -1),
        ("Le site de l'ONCF est encore en rade", -1),
        ("والو ما خدام، شحال هادي وحنا كنتسناو", -1),
    ]);
}

#[test]
fn billing_churn_and_breakdowns_in_customer_posts() {
    // Regression: each scored neutral (or positive: "Honestly" was VADER's
    // +2.0) before; a second batch of customer posts written before any output
    // was seen.
    check_labels(&[
        ("This is the third time Orange overcharged me this year", -1),
        ("Lydec billing is a joke, 800 dh for an empty flat", -1),
        ("Honestly i'm done with Maroc Telecom", -1),
        (
            "Ma box Inwi redémarre toute seule toutes les 10 minutes",
            -1,
        ),
        ("Le nouveau forfait vaut vraiment le coup", 1),
        ("Franchement ça ne vaut pas le coup", -1),
        ("خدمة الزبناء ديال اورنج ما كيجاوبوش نهائيا", -1),
        ("لاراد قطعو الما على الحي كامل بلا خبار", -1),
        ("الانترنت بطيئة هاد الايام", -1),
        ("jumia kolchi kaywsl m3tel", -1),
    ]);
}

#[test]
fn left_without_answer_reason_or_warning() {
    // Regression: each scored neutral (or positive, for "support") before; found
    // by scoring customer posts written for the purpose, before any output was seen.
    check_labels(&[
        (
            "Glovo m'a livré une commande incomplète, aucun geste commercial",
            -1,
        ),
        ("La RAM a encore annulé mon vol sans aucune explication", -1),
        ("Inwi 4G c'est zéro, ma kayn walo f lbit", -1),
        (
            "Jumia customer support closed my ticket without answering",
            -1,
        ),
        ("They cut my line without warning", -1),
        ("شركة إنوي قطعت علينا الانترنت بلا ما تعلمنا", -1),
        ("الريضال كل شهر كتزيد فالفاتورة بلا سبب", -1),
        ("والله ما عمرني نعاود نشري من عندهم", -1),
        ("الطيارة تعطلات 5 ساعات", -1),
        ("glovo tmslkhat, tsnit sa3a", -1),
        ("ma3mrni n3awd nchri mn 3ndhom", -1),
        // The phrases are opaque: "support" alone keeps its approval.
        ("I fully support this decision", 1),
    ]);
}

/// Multi-word Arabizi entries used to match only the spelling in the list,
/// while single words matched any spelling with the same skeleton.
#[test]
fn arabizi_phrases_tolerate_spelling_like_words() {
    check_labels(&[
        ("ma3mrni n3awd nchri mn Jumia", -1),
        ("ma3amarni n3awed nchri mn Jumia", -1),
        ("Glovo ma kayjawbo 7ad", -1),
        ("Lydec 9t3o 3lina dow lyoum", -1),
        ("Lydec qat3ou lina dow lyoum", -1),
        ("Jumia ma b9itch nchri", -1),
        ("Jumia ma b9itch nechri mnhom", -1),
    ]);
    // In French text Arabizi is read where a word has a digit-letter only: a
    // French "ma" before a plain word is not the start of a Darija phrase.
    check_labels(&[("Ma kaya est arrivée hier", 0)]);
}

/// The Arabic phrase lists name a verb bare; posts conjugate it or glue a
/// conjunction to it.
#[test]
fn arabic_phrases_behind_a_verb_prefix_or_conjunction() {
    check_labels(&[
        ("لاراد كل نهار كيقطعو الما", -1),
        ("جوميا صيفطو ليا حاجة خرا وما بغاوش يرجعو ليا فلوسي", -1),
        ("الكاشيات قليلين والطوابير بزاف", -1),
    ]);
    // كيما (like) is a word, not كي + ما: no phrase starting with ما fires.
    let sc = s("كيما بغاوش يرجعو");
    assert!(
        sc.terms.iter().all(|t| t.term != "كيما بغاوش يرجعو"),
        "{sc:?}"
    );
}

/// Darija verbs in Latin letters carry a present prefix and a plural ending
/// the lists do not name ("kay7tarmou" is "7tarm").
#[test]
fn arabizi_verbs_are_found_through_their_inflection() {
    check_labels(&[
        ("Yassir kay7tarmou nas", 1),
        ("ONCF ma kay7tarmouch nas", -1),
        ("ONCF dima m3tlin", -1),
    ]);
}

/// Regression: the k- of "kamlin" (all of them) was cut as a present prefix,
/// leaving the skeleton of "mlina" (we are fed up).
#[test]
fn kamlin_is_not_mlina() {
    let sc = s("kamlin mn foog");
    assert!(sc.terms.is_empty(), "{sc:?}");
}

/// vaderSentiment-fr's "ouvert" is "open-minded"; a shop is just open.
#[test]
fn an_open_agency_is_no_praise() {
    check_labels(&[
        ("Quelqu'un sait si l'agence Inwi est ouverte dimanche ?", 0),
        ("Un conseiller très ouvert d'esprit", 1),
        (
            "Orange m'a facturé des options que je n'ai jamais demandées",
            -1,
        ),
        ("They charged me for a plan I never asked for", -1),
    ]);
}

/// What customers say of a tariff: the lists had no "hors de prix", "high
/// prices" (الأسعار مرتفعة) or "overpriced", and rated "exorbitant" +0.44
/// (Pattern's adjective of size); "pas cher" is praise.
#[test]
fn price_complaints_and_praise() {
    check_labels(&[
        ("Les forfaits Inwi sont hors de prix", -1),
        ("Des frais exorbitants pour un simple virement", -1),
        ("La box coûte une fortune et la connexion est lente", -1),
        ("Attention aux frais cachés chez cet opérateur", -1),
        ("Franchement ce n'est pas cher pour la qualité", 1),
        ("Rapport qualité-prix imbattable chez Marjane", 1),
        ("L'offre n'est pas rentable pour les petits clients", -1),
        ("الأسعار مرتفعة جدا في هذه الشركة", -1),
        ("الثمن مناسب والخدمة سريعة", 1),
        ("كيشفرو لينا الفلوس كل شهر", -1),
        ("Their plans are overpriced", -1),
        ("Affordable plans, finally", 1),
        ("Hidden fees on every bill", -1),
    ]);
}

/// Regression: "vol" (flight, and theft) was -1.5, so every airline's news
/// read negative ("nouveau vol direct"). Theft now comes from its phrases.
/// Flights, bags and cards in each language.
#[test]
fn vol_is_a_flight_unless_it_is_a_theft() {
    check_labels(&[
        (
            "Royal Air Maroc ouvre un nouveau vol direct vers Montréal",
            0,
        ),
        ("Sahara Air : vols supplémentaires cet été", 0),
        ("Vol de données chez une banque marocaine", -1),
        ("450 dirhams le bagage en soute, c'est du vol", -1),
        ("Mon vol a été annulé sans explication", -1),
        ("Flight cancelled again", -1),
        ("ضاعت لي الحقيبة في المطار", -1),
        ("البطاقة تبلوكات بلا سبب", -1),
        ("lvol t2ekhar 3 sa3at", -1),
        ("lbagage dya3", -1),
        ("الكيشي خاسر من البارح", -1),
    ]);
}

/// Regression: French words were read through the English list: "crédit"
/// as praise (every bank's new loan read positive), "tard" (late) as a slur
/// (-3.25), "champ" (field) as a champion, "sine die" as "die".
#[test]
fn french_words_are_not_read_as_their_english_look_alikes() {
    check_labels(&[
        ("Bahia Bank annonce un nouveau crédit immobilier", 0),
        ("Il est trop tard pour s'inscrire", 0),
        ("Un champ de 300 panneaux solaires près d'Ouarzazate", 0),
        ("Le lancement est reporté sine die", -1),
        ("Give credit where it is due", 1),
        // Arabic: the interest rate is no "benefit"; "no use" is a complaint.
        ("رفع البنك سعر الفائدة", 0),
        ("لا فائدة من الاتصال بخدمة الزبناء", -1),
    ]);
}

/// A telecom's customers say "no signal" many ways; "capte" alone is neutral,
/// so its negation moved nothing.
#[test]
fn no_signal_complaints() {
    check_labels(&[
        ("Depuis ce matin la 4G ne capte pas à Agadir", -1),
        ("Zéro réseau dans tout le quartier", -1),
        ("Aucun réseau depuis hier soir", -1),
        (
            "La hotline est saturée, impossible de joindre quelqu'un",
            -1,
        ),
        ("Appels coupés sans arrêt", -1),
        ("Je capte enfin la 5G chez moi", 1),
    ]);
}

/// A brand manager's Arabizi phrase is as tolerant of spelling as the
/// embedded ones.
#[test]
fn user_arabizi_phrase_matches_other_spellings() {
    let sc = Scorer::new(&[entry("rezo ta7", -2.0, Some("ary-latn"))]).unwrap();
    for text in [
        "inwi rezo ta7 lyoum",
        "inwi rizo tah lyoum",
        "inwi rezoo taa7 lyoum",
    ] {
        let got = sc.score(text);
        assert!(
            got.terms.iter().any(|t| t.why == "user lexicon"),
            "{text:?} -> {got:?}"
        );
    }
}

#[test]
fn price_rises_counterfeits_absent_service_and_reproach() {
    check_labels(&[
        (
            "Service après-vente Samsung inexistant, un mois d'attente",
            -1,
        ),
        (
            "Sérieux Jumia, vous vendez des contrefaçons maintenant ?",
            -1,
        ),
        ("Encore une hausse des tarifs chez Inwi", -1),
        (
            "20 ans client fidèle et c'est comme ça que vous me traitez ?",
            -1,
        ),
        ("Another price hike from Orange this month", -1),
        ("اتصالات المغرب زادو فالثمن و الخدمة بقات كيف ما كانت", -1),
        (
            "الخطوط الملكية ضيعو ليا الباليزة و حتى واحد ما عطاني جواب",
            -1,
        ),
        ("Inwi ma3ndhom 7ta l7ya", -1),
        ("Careem l prix tl3o o chauffeurs ma mrbbyinch", -1),
    ]);
}

/// Regression: a Darija entry الحيا (decency) reached الحياة (life) through
/// the ة-suffix stripping, and every proverb about life became praise.
#[test]
fn life_is_not_decency() {
    check_labels(&[
        ("هي الحياة هكذا", 0),
        ("قانون الطبيعة يقول لكل بداية نهاية", 0),
    ]);
}

/// Applause after a complaint is as ironic as "Bravo": the claps count with
/// the praise, not as sincere company for it.
#[test]
fn applause_after_a_complaint_is_irony() {
    check_labels(&[
        (
            "Bravo Inwi, 3ème coupure cette semaine 👏👏 on vous dit merci",
            -1,
        ),
        ("Bravo Inwi, réseau rétabli en une heure 👏👏", 1),
        ("👏👏 Glovo livraison rapide", 1),
    ]);
    let sc = s("Encore une coupure 👏👏");
    assert!(
        sc.terms.iter().any(|t| t.term == "👏" && t.weight < 0.0),
        "{sc:?}"
    );
}

/// Arabic remedies as conjugated verbs, and the customer-service words of
/// Arabic posts.
#[test]
fn arabic_remedy_verbs_and_customer_service() {
    check_labels(&[
        ("خدمة عملاء إنوي كانت متعاونة جدا وحلت مشكلتي بسرعة", 1),
        ("صلحو المشكل ديال الريزو", 1),
        ("خدمة عملاء إنوي وحلت مشكلتي", 1),
        ("تأخرت الرحلة خمس ساعات دون أي اعتذار من الشركة", -1),
        ("أمانديس ما كيهتموش بالزبناء نهائيا", -1),
        ("واش هادي خدمة ديال بنك؟ ساعة ونص فالطابور", -1),
        (
            "Maroc Telecom's customer service put me on hold for 45 minutes, then hung up",
            -1,
        ),
    ]);
}

#[test]
fn contempt_and_carelessness_in_darija() {
    check_labels(&[
        ("Jumia ma msoukinch fina", -1),
        ("لاراديل ما مسوقينش فالناس", -1),
        ("البنك حكرونا", -1),
        ("Inwi 7grona", -1),
        ("الخدمة معفنة", -1),
        ("الموظفين محترمين", 1),
        ("Glovo reliable w sri3", 1),
    ]);
    // MSA homographs left out: مضمون is "content", مرتب "salary", سريع a
    // train's speed.
    check_labels(&[("مضمون الرسالة واضح", 0), ("قطار سريع بين المدينتين", 0)]);
}

#[test]
fn french_customer_idioms_of_batch_eight() {
    check_labels(&[
        // ironic thanks as a fixed phrase
        (
            "J'ai payé la fibre et j'ai un débit de 3G, merci du cadeau",
            -1,
        ),
        (
            "Careem a augmenté ses prix de 30%, je passe chez Yassir",
            -1,
        ),
        ("Ça fait trois mois que j'attends le remboursement", -1),
        ("Le wifi dans le train ne marche jamais", -1),
        ("Service client : réponses automatiques et aucun suivi", -1),
        // a remedy reverses the problem, so the thanks are sincere
        (
            "Grand merci à l'équipe Lydec venue réparer la fuite en pleine nuit",
            1,
        ),
        // a closed shop is news, a closed mind is not praise
        ("Jumia sera fermé pour inventaire demain", 0),
        ("Un directeur fermé d'esprit", -1),
    ]);
}

#[test]
fn darija_customer_posts_of_batch_nine() {
    check_labels(&[
        ("Lydec had chhar l'facture tal3a bzaf, ma fhmtch 3lach", -1),
        ("Yassir rkhis mn taxi o mre7", 1),
        ("ONCF train t3tel sa3tayn", -1),
        // an Arabizi remedy reverses the problem: sincere thanks
        ("Merci Amendis, jaw dghya sl7o l fuite", 1),
        ("جوميا صيفطو ليا تليفون مهرس وماقبلوش يبدلوه", -1),
        ("Inwi service client ybi3ou lik lhwa", -1),
        ("Orange ki9l9oni b les SMS", -1),
        ("Yassir l'app kattplanta kol mra n9ad commande", -1),
        ("Glovo livreur ja mta3tal b sa3a", -1),
    ]);
}

#[test]
fn french_service_praise_and_outages_of_batch_eleven() {
    check_labels(&[
        (
            "Le conseiller a pris le temps de tout m'expliquer, très professionnel",
            1,
        ),
        ("Un accueil peu professionnel", -1),
        ("Quel manque de professionnalisme", -1),
        ("Les prix cette semaine sont vraiment abordables", 1),
        ("L'appli m'a débité deux fois pour la même course", -1),
        (
            "Lydec nous a laissés sans électricité toute la nuit, aucune communication",
            -1,
        ),
        // a job title is no praise
        ("Il suit une formation professionnelle à Rabat", 0),
    ]);
}

/// Comment adverbs judge the clause from outside: a negation in the clause
/// does not flip them. Regression: "لا اظن ذلك للأسف" and "ce n'est
/// malheureusement pas le cas" were scored positive.
#[test]
fn comment_adverbs_are_not_negated() {
    check_labels(&[
        ("Ce n'est malheureusement pas le cas", -1),
        ("Ce n'est heureusement pas grave", 1),
        ("لا اظن ذلك للأسف", -1),
        ("ليس على الكل للاسف", -1),
        ("ma kaynach lil2asaf", -1),
    ]);
    // an ordinary word in the same place is still negated
    let sc = s("Ce n'est pas bon");
    assert!(
        sc.terms.iter().any(|t| t.term == "bon" && t.weight < 0.0),
        "{sc:?}"
    );
}

/// ما before a demonstrative or a definite noun asks "what": it is not the
/// negator of the word after. Regression: "ما هذا الغباء" (what is this
/// stupidity) was scored positive.
#[test]
fn arabic_what_is_not_a_negation() {
    check_labels(&[
        ("ما هذا الغباء", -1),
        ("ما هذه الروعة", 1),
        // before a verb ما still denies
        ("ما عجبنيش هاد الفيلم", -1),
        ("ما كان جميل", -1),
    ]);
}

/// A formula listed once matches when a post addresses it to someone: the
/// pronoun glued to its last word ("يطول عمرها", "يرضي عليكم").
#[test]
fn arabic_phrases_take_a_glued_pronoun() {
    check_labels(&[
        ("الله يطول عمرها ويخليها", 1),
        ("الله يرضي عليكم", 1),
        ("الله يسهل عليك", 1),
        ("حسبي الله فيهم", -1),
    ]);
}

/// Breadth of the Arabic and Darija lists, one line per semantic field, from
/// session 12's review of what the lists lacked.
#[test]
fn arabic_and_darija_breadth_of_session_twelve() {
    check_labels(&[
        // congratulation, blessing, pride, agreement
        ("هنيئا لكم بهذا الفوز", 1),
        ("بوركت يا أستاذ", 1),
        ("متفق معك تماما", 1),
        ("معك حق", 1),
        ("نفتخر بمنتخبنا", 1),
        ("رعاك الله وحماك", 1),
        ("خدمة متقنة واحترافية", 1),
        ("رفعتو راسنا", 1),
        ("Rf3tou rasna a sidi", 1),
        // neglect, cruelty, condemnation, fraud, distress
        ("إهمال المستشفى لا يطاق", -1),
        ("قسوة لا توصف", -1),
        ("الخارجية تندد بالاعتداء", -1),
        ("منتوج مزيف", -1),
        ("كابوس متى ينتهي", -1),
        ("حسرة على بلادي", -1),
        ("Service m9awd", -1),
        ("Tnrfzt m3a service client", -1),
    ]);
    // homographs kept out: هادي is Darija "this", not MSA "calm"; يصدق is
    // "believes"; النهضة is a club and a party.
    check_labels(&[
        ("هادي صورة من البارح", 0),
        ("هل تعتقد أنه يصدق ما يقوله", 0),
        ("مباراة النهضة البركانية غدا", 0),
    ]);
    // عذب (sweet) is left out: with the verb prefix it reads يعذب (tortures)
    let sc = s("النظام يعذب السجناء");
    assert!(sc.label <= 0, "{sc:?}");
}

/// No lexicon entry, once folded and stripped of its affixes, may read a
/// common Arabic or Darija function word. Regression: هنأ (congratulated)
/// folds to هنا (here), and هادئ (calm) to Darija هادي (this); both made
/// every "here" and "this" praise; نادم (regretful) read Darija بنادم
/// (a person) as ب + نادم.
#[test]
fn no_arabic_function_word_is_rated() {
    const FUNCTION_WORDS: &str = "هنا هناك هنالك هذا هذه هذي ذلك تلك هادي هاد هادا هاذا \
        الذي التي الذين اللي لي ديال فين كيفاش علاش واش شنو اش ايش ليش وين متى كيف لماذا \
        ماذا عند عندي عندك مع من الى على في عن حتى كان كانت يكون تكون كنت قد لقد ثم او ام \
        بل اذا اذ ان انه انها انا انت انتي انتم نحن هو هي هم هما حنا نتا نتي فقط كل كلشي \
        بعض جميع اي شي شيء داك ديك هاديك هداك دابا دبا غدا اليوم امس البارح مازال باقي بعد \
        قبل فوق تحت بين عليه عليها عليهم فيه فيها منه منها له لها لهم بلي باش حيث لان كي \
        كما مثل بحال راه راني راك يعني ولكن وهو وهي بس كده زي ايه هيك هلق شو مش ياريت عشان \
        علشان لسه برضو خلاص يلا بنادم";
    for w in FUNCTION_WORDS.split_whitespace() {
        let sc = s(w);
        assert!(sc.terms.is_empty(), "{w:?} -> {:?}", sc.terms);
    }
}

/// Arabic loss and absence reverse what they act on, like the French
/// "manque de": losing hope or joy is bad news, losing fear good news.
#[test]
fn arabic_loss_reverses_its_object() {
    check_labels(&[
        ("فقدت الامل فيه", -1),
        ("غابت عني أفراحي", -1),
        ("قلة الاحترام في هاد الوكالة", -1),
        ("خسرت الثقة في هاد الشركة", -1),
        ("فقدت الخوف", 1),
    ]);
}

/// ما and لا that do not deny: with a verb of continuity they mean "still"
/// or "as long as"; "لا لا" is an interjection; a denied elative before من
/// praises ("nothing is finer than"). Regressions: each of these read as
/// negative.
#[test]
fn arabic_still_and_nothing_finer_are_not_denials() {
    check_labels(&[
        ("ما دمت تشاهد بسمة أمك فالحياة لا تزال جميلة", 1),
        ("ما زال زوين هاد المحل", 1),
        ("ما في اجمل من هذه الاجواء", 1),
        ("لا لا عسل عسل", 1),
        ("لا يزال سيئا", -1),
        // a denial still denies
        ("ما كان جميل", -1),
        ("هذا ليس أفضل من القديم", -1),
    ]);
}

/// Formulae whose words mislead one by one: "بفارغ الصبر" is eagerness, not
/// patience in grief; "يا غالية" is "dear", not "expensive"; "الله يرحم من
/// رباك" praises an upbringing.
#[test]
fn arabic_formulae_read_as_wholes() {
    check_labels(&[
        ("في انتظار الحلقة الجديدة بفارغ الصبر", 1),
        ("الله يبارك في عمرك يا غالية", 1),
        ("الله يرحم من رباك", 1),
        ("هاد التيليفون غالي بزاف", -1),
    ]);
}

/// A denial that nothing beats a comparative praises (or damns) what it is
/// compared with; a copula carrying the negation still denies the comparison.
/// Regression: "Il n'y a pas mieux que Inwi" and "Never been happier" were
/// scored negative.
#[test]
fn nothing_better_is_praise() {
    check_labels(&[
        ("Il n'y a pas mieux que Inwi", 1),
        ("Rien de mieux qu'un café chez Bacha", 1),
        ("On ne fait pas mieux", 1),
        ("Nothing better than this", 1),
        ("Never been happier", 1),
        ("Rien de pire que ce service", -1),
        // the comparison itself denied
        ("Ce n'est pas mieux", -1),
        ("ce n'est pas le meilleur", -1),
        ("it's not better", -1),
        ("it isn't better than the old one", -1),
        ("not the best service", -1),
    ]);
}

/// Regression: Arabizi words inside a French or English sentence were read
/// only when written with a digit-letter, so "inwi c'est zwin" was neutral
/// and "le réseau zwin walakin ghali" lost both its words. A spelling the
/// Arabizi list names is now read anywhere; in a code-switched text (one
/// unmistakable Darija word) the other unclaimed words are read by skeleton,
/// with the contrast and circumfix rules of Darija.
#[test]
fn arabizi_inside_french_and_english() {
    check_labels(&[
        ("inwi c'est zwin", 1),
        ("Franchement l'application est khayba", -1),
        ("the new offer is zwina", 1),
        ("la carte tbloquat", -1),
        // Code-switched: "walakin" opens the weightier clause, "ghaaali" is
        // found by its skeleton only because the text is Darija-French.
        ("le réseau zwin walakin ghaaali", -1),
        ("le réseau dyal orange ma khdamch", -1),
        ("la livraison dyal jumia, ma3jbatnich", -1),
    ]);
    let sc = s("le réseau zwin walakin ghaaali");
    assert!(hit(&sc, "ghaaali").why.contains("ary-latn"), "{sc:?}");
    // Without a Darija word, a plain French word is not read by a skeleton it
    // shares with a Darija word ("ghali"-like "galet" stays a pebble).
    let sc = s("Une plage de galets à Tanger");
    assert!(sc.terms.is_empty(), "{sc:?}");
}

/// Regression: French and English words sharing a skeleton with a Darija word
/// were read as Darija where Arabizi is read by skeleton (short texts with no
/// function word): "mardi" and "married" as mrd (sick), "zone" as zin
/// (beauty), "outbreak" as w + tbarkallah, "plenty" as planta (crashed), and
/// first names Jamal (beauty), Hicham (shame), Farah (joy).
#[test]
fn french_and_english_words_are_not_read_as_arabizi_skeletons() {
    for text in [
        "Zone industrielle Tanger",
        "Mardi gras",
        "married life",
        "outbreak",
        "plenty",
        "Jamal Hicham Farah",
        // A code-switched text still keeps them: "zone" is French there.
        "la zone dyal Tanger",
    ] {
        let sc = s(text);
        assert!(
            sc.terms.iter().all(|t| !t.why.contains("ary-latn")),
            "{text:?} -> {sc:?}"
        );
    }
    // A Darija text still reads its own words by skeleton.
    check_labels(&[("ghaaali bzaf had l'offre", -1), ("zwiiine", 1)]);
}

/// Regression: the Darija function words "fin" (where) and "ghi" (only)
/// shared their skeletons with "fannan" (artist) and "ghaya" (excellent), so
/// "fin kayn service client?" scored positive.
#[test]
fn darija_where_and_only_rate_nothing() {
    for text in ["fin kayn service client?", "ghi chwiya"] {
        let sc = s(text);
        assert!(sc.terms.is_empty(), "{text:?} -> {sc:?}");
    }
    check_labels(&[("ghaya had lfilm", 1), ("fannan", 1)]);
}

/// Regression: a Darija phrase listed as "ما X" / "ma X" missed when the post
/// glued the negator to its verb ("مازال ماوصلاتنيش الكوموند" was neutral,
/// and the lists had to name each glued spelling by hand). Orders and answers
/// that never came are complaints in every language.
#[test]
fn glued_darija_negator_finds_its_phrase() {
    check_labels(&[
        ("مازال ماوصلاتنيش الكوموند", -1),
        ("الكوموند ماجاتنيش", -1),
        ("la commande ma jatnich", -1),
        ("khlsni w ma3tawnich lcommande", -1),
        ("jumia ma rdouch 3liya", -1),
        ("the delivery never came", -1),
        // French "ma" (my) is no Darija negator, and مازال (still) is no
        // glued circumfix.
        ("ma maison est à Rabat", 0),
        ("مازال", 0),
    ]);
    let sc = s("مازال ماوصلاتنيش الكوموند");
    assert_eq!(hit(&sc, "ماوصلاتنيش").weight, -1.5, "{sc:?}");
}

/// Darija inflections found through the bare word the list names: the plural
/// -in of participles and adjectives, the bare imperfect y-/t-/n-.
/// Regression: "Hermana" (a Spanish word in Moroccan comments) is no plural
/// of haram: the -in is read from the spelling, not the skeleton.
#[test]
fn darija_plural_and_imperfect_find_the_bare_word() {
    check_labels(&[
        ("Inwi 3tawna 2G f blast 4G, nasabin", -1),
        ("wach bghaw ychfrou lina flousna?", -1),
        ("les techniciens dyal inwi mkhassrin", -1),
        ("tbarkallah 3lik hermana", 1),
    ]);
    let sc = s("hermana");
    assert!(sc.terms.is_empty(), "{sc:?}");
}

/// Regression: a listed word that holds its own ma…ch negation was negated
/// again by a negator before it ("nti machi oum, matahachmich": shameless
/// read as praise).
#[test]
fn circumfix_word_is_not_negated_again() {
    check_labels(&[
        ("nti machi oum matahachmich", -1),
        ("ماشي غير هكا، ماتحشمش", -1),
    ]);
}

/// Customer complaints and praise of Moroccan services, each language.
#[test]
fn service_complaints_of_moroccan_customers() {
    check_labels(&[
        (
            "3 jours sans connexion, et le service client raccroche au nez",
            -1,
        ),
        ("facture salée ce mois, 3 fois plus que d'habitude", -1),
        ("l'agence ma bghawch y3tiwni l'attestation", -1),
        ("Redal ta9ta3 lma bla ma t3lm", -1),
        ("wa fin howa rrizo a inwi??", -1),
        ("wifi d inwi mkhasser had l2iyam", -1),
        ("orange ghir ta tkhwer", -1),
        ("الخدمة ديال اتصالات المغرب تحسنات بزاف", 1),
    ]);
}

/// Regression: "ça laisse à désirer" scored positive through "désirer"
/// (VADER's "desire"); other idioms of falling short, and of being kept
/// waiting, had no entry.
#[test]
fn falling_short_and_kept_waiting() {
    check_labels(&[
        ("ça laisse à désirer", -1),
        ("le service laisse vraiment à désirer", -1),
        ("c'est la cata depuis la mise à jour", -1),
        (
            "Ils m'ont baladé de service en service pendant 2 semaines",
            -1,
        ),
        ("I've been on hold for 45 minutes", -1),
        ("Shoutout to the team for the quick fix", 1),
        ("Que désirez-vous ?", 0),
    ]);
}

/// Arabic-script complaints that read neutral: a feminine whose hamza seat
/// folds away from its listed masculine (رديئة / رديء), a Darija verb under
/// any present prefix (كيبلوكي), nobody answering, understanding nothing.
#[test]
fn arabic_script_service_complaints() {
    check_labels(&[
        ("خدمة رديئة جدا ولا تليق بشركة كبيرة", -1),
        ("التطبيق ديالكم كيبلوكي ديما", -1),
        ("شحال من مرة كنعيط وحتى واحد ما كيرد", -1),
        ("المكلف بالزبناء ما فاهم والو", -1),
    ]);
}

/// Darija (Latin letters) complaints and recommendations that read neutral.
#[test]
fn arabizi_useless_cheating_not_recommended() {
    check_labels(&[
        ("service client dial maroc telecom mafihom fayda", -1),
        ("ma nsa7kch t3amal m3ahom", -1),
        ("lkhdma zwina, nsa7 biha", 1),
        ("had sharika katsre9 nas", -1),
        ("matb9awch tkhd3o nas", -1),
        ("3ya9o m3ana", -1),
    ]);
}

/// English customer reviews that read neutral or backwards: sarcastic
/// thanks, star ratings, (not) recommending, outages, refunds, wasted money
/// and time ("don't waste your time" read positive: a negated negative),
/// praise idioms, and "customer care" (a department, not care).
#[test]
fn english_customer_reviews() {
    check_labels(&[
        ("Thanks for nothing @RoyalAirMaroc", -1),
        ("Zero stars if I could", -1),
        ("Can't recommend them enough", 1),
        ("Would not recommend", -1),
        ("would fly again", 1),
        ("Internet down again in Casablanca", -1),
        ("Never buying from them again", -1),
        ("Hats off to the crew", 1),
        ("I want my money back", -1),
        ("The food was cold and the service slow", -1),
        ("Not worth the money", -1),
        ("Don't waste your time with this bank", -1),
        ("You guys rock", 1),
        ("Been trying to reach customer care all day, no answer", -1),
    ]);
}

/// French reviews that read neutral or backwards: "ne perdez pas votre
/// temps" was a negated negative read as praise.
#[test]
fn french_customer_reviews() {
    check_labels(&[
        ("Zéro étoile si je pouvais", -1),
        ("J'y retournerai sans hésiter", 1),
        ("Je veux être remboursé", -1),
        ("Ne perdez pas votre temps avec cette banque", -1),
        ("Une équipe en or", 1),
        ("Aucune réactivité", -1),
        ("Super réactivité du service client", 1),
        ("Je me suis fait avoir", -1),
        ("une étoile filante", 0),
    ]);
}

/// Darija (Arabic script) service complaints and recommendations that read
/// neutral, or positive through "الجودة" in "الأسعار نار والجودة زيرو".
#[test]
fn darija_arabic_script_complaints_and_recommendations() {
    check_labels(&[
        ("البنك سد ليا الكارطة بلا ما يعلمني", -1),
        ("عيطت بزاف د المرات وحتى حد ما جاوب", -1),
        ("الموظفة كانت قليلة الأدب", -1),
        ("تخلصت مرتين فنفس الفاتورة", -1),
        ("خدمة ما فيها ما يتشاف", -1),
        ("الأسعار نار والجودة زيرو", -1),
        ("مابقيتش نثيق فيكم", -1),
        ("نصحت بيكم صحابي كاملين", 1),
    ]);
}

/// Grades in reviews carried no tone: the tokeniser drops numbers, so "1/5,
/// colis jamais reçu" leaned on its words alone, and a lone "⭐" read +1.6 in
/// a one-star review. Dates, fractions and hotel categories stay untouched.
#[test]
fn review_grades_are_verdicts() {
    check_labels(&[
        ("Appli Jumia : 1/5", -1),
        ("2/10, je déconseille", -1),
        ("Merci Inwi... 1/5", -1),
        ("Livraison rapide, emballage soigné. 5/5", 1),
        ("Service 9/10", 1),
        ("1 étoile et encore", -1),
        ("1⭐ service nul", -1),
        ("Livraison ★☆☆☆☆", -1),
        ("3 stars, average at best", 0),
        ("4/5, good value", 1),
        ("5 stars for the support team", 1),
        ("كنعطيهم ١ نجمة", -1),
        ("التطبيق 5/5", 1),
        ("Rendez-vous le 2/10 à Rabat", 0),
        ("1/5 des Marocains utilise le paiement mobile", 0),
        ("Ouverture d'un hôtel 5 étoiles à Tanger", 0),
    ]);
    // The grade is listed among the terms, as written.
    let sc = s("Colis perdu. 1/5");
    assert!(
        sc.terms
            .iter()
            .any(|t| t.term == "1/5" && t.why == "rating" && t.weight < 0.0),
        "{sc:?}"
    );
    // Targeting keeps a grade with the sentence it ends.
    let text = "Inwi : 1/5. Orange est correct.";
    let t = scorer().score_targeted(text, &[0..4]);
    assert_eq!(t.target.label, -1, "{t:?}");
}

/// An eighth batch of posts about airlines, trains, retail, utilities and
/// banks, labels written first (34 of 40 right on first sight): these six read
/// neutral.
#[test]
fn eighth_batch_retail_and_travel() {
    check_labels(&[
        ("Les promos de Marjane cette semaine valent le coup", 1),
        (
            "BIM a augmenté tous ses prix, c'est plus ce que c'était",
            -1,
        ),
        ("Attijari m'a prélevé des frais injustifiés", -1),
        ("maroc telecom had lfibre ghir smiya, dima maktou3a", -1),
        (
            "الخطوط الملكية المغربية ضيعات ليا الحقيبة و ما بغاو يعوضوني",
            -1,
        ),
        ("Le nouveau burger de chez McDo est une tuerie", 1),
    ]);
}

/// A ninth batch (influencers, banks, public services, market news; 33 of 40
/// right on first sight): a discourse adverb read as praise ("honnêtement",
/// VADER-fr's +1.9), "se partagent le marché" read as sharing, and waits and
/// runarounds that read neutral.
#[test]
fn ninth_batch_influencers_and_services() {
    check_labels(&[
        ("Maroc Telecom élu service client de l'année 2026", 1),
        ("Sponsorisé mais honnêtement j'ai pas aimé, trop gras", -1),
        ("Inwi et Orange se partagent le marché de la 5G", 0),
        (
            "J'attends toujours le remboursement de Jumia depuis un mois",
            -1,
        ),
        ("La CNSS m'a fait revenir 4 fois pour un papier", -1),
        ("Des heures d'attente à l'agence, une seule guichetière", -1),
    ]);
}

/// Business news about brands read neutral (tenth batch, 20 of 30 right on
/// first sight): a figure's rise or fall carried no tone ("le chiffre
/// d'affaires en hausse", "revenue grew"), "غرامة" (a fine) read +2.0 as غرام
/// (passion) with a suffix, and strikes, closures, complaints read neutral.
#[test]
fn business_news_figures_and_closures() {
    check_labels(&[
        (
            "Maroc Telecom : le chiffre d'affaires en hausse de 3% au premier semestre",
            1,
        ),
        ("Orange Maroc : le bénéfice net en baisse de 12%", -1),
        ("Hausse des ventes chez Marjane", 1),
        ("Inwi dépasse les 10 millions d'abonnés", 1),
        ("Boycott : les ventes chutent de 40%", -1),
        ("Maroc Telecom's revenue grew 4% year on year", 1),
        ("RAM profits fell sharply", -1),
        ("ارتفاع أرباح اتصالات المغرب بنسبة 5 في المائة", 1),
        ("تراجع رقم معاملات الخطوط الملكية المغربية", -1),
        ("Jumia publie ses résultats trimestriels jeudi", 0),
        ("Le bénéfice n'a pas progressé cette année", -1),
        ("La hausse des prix inquiète les clients", -1),
        ("Jumia ferme ses activités dans trois pays africains", -1),
        ("غرامة ثقيلة على شركة إنوي بسبب إشهار مضلل", -1),
        ("إضراب عمال ليدك يشل خدمات الماء والكهرباء", -1),
        ("شكايات بالجملة ضد شركة التوصيل", -1),
        // "fell" and "up" are read only beside a figure.
        ("I fell in love with this app", 1),
        ("Sign up today", 0),
    ]);
    let sc = s("Le chiffre d'affaires en hausse");
    assert_eq!(sc.terms.len(), 1, "{sc:?}");
    assert_eq!(sc.terms[0].term, "chiffre d'affaires en hausse");
    assert_eq!(sc.terms[0].why, "business figure up");
}

/// An eleventh batch (English slang and sarcasm, Arabizi, emoji; 22 of 30
/// right on first sight). "Oh great, …" with a repeat is the ironic opening
/// even after an interjection; "🙃" marks the praise beside it as unmeant;
/// "mrdi 3lihom" (blessed, satisfied) read as "sick" through its skeleton.
#[test]
fn eleventh_batch_slang_and_sarcasm() {
    check_labels(&[
        (
            "Oh great, Inwi's network is down again. Love paying for nothing 🙃",
            -1,
        ),
        ("Love it 🙃", 1),
        ("This app is so buggy it's unreal", -1),
        ("Not gonna lie, the new Maroc Telecom app slaps", 1),
        ("Can't believe I paid 300dh for this garbage", -1),
        ("inwi lwifi dyalhom tayer, mrdi 3lihom", 1),
        ("dert commande w ma wslat ta l daba, shr kaml", -1),
        ("ما كاين لا ريزو لا والو، خلصنا على الخوا", -1),
    ]);
}

/// English "like" that compares is no liking (VADER reads every "like" +1.5):
/// "Nothing says customer care like 3 hours on hold" read as praise.
#[test]
fn like_that_compares_is_not_praise() {
    for text in [
        "It looks like rain",
        "Feels like a Monday",
        "waited like 40 minutes",
        // a filler between a preposition and a quantity (batch 57)
        "on hold for like an hour",
        "it takes like forever to load",
    ] {
        let sc = s(text);
        assert!(
            sc.terms.iter().all(|t| t.term != "like"),
            "{text:?} -> {sc:?}"
        );
    }
    check_labels(&[
        ("I like the new app", 1),
        ("We really like it", 1),
        ("I like a good coffee in the morning", 1),
        (
            "Snapchat's new update drains my battery in like an hour",
            -1,
        ),
    ]);
}

/// Batch 57 (English entertainment and tech tweets; 34 of 40 right on first
/// sight, VADER 31): a preference said by denial and plain fan praise read
/// nothing.
#[test]
fn batch_57_fan_praise() {
    check_labels(&[
        (
            "Nothing beats a Sunday morning with coffee and the new Adele album",
            1,
        ),
        ("Messi with another masterclass tonight", 1),
        ("the season premiere was epic", 1),
        ("that launch was an epic fail", -1),
    ]);
}

/// A twelfth batch (brand press and comments on campaigns; 27 of 30 right on
/// first sight): "راضون" (satisfied) was in no Arabic list.
#[test]
fn twelfth_batch_campaigns_and_satisfaction() {
    check_labels(&[
        (
            "La campagne de Ramadan d'Orange fait l'unanimité sur les réseaux",
            1,
        ),
        ("الزبناء راضون عن الخدمات الجديدة", 1),
        ("الزبناء غير راضين عن الخدمة", -1),
        ("ma b9itch kanti9 fihom", -1),
    ]);
}

/// Common Arabic service words that were in no list (موثوق, فعالة, أعطال,
/// مخادع…), and the words left out because their folded forms are other
/// words: هادئ is Darija هادي ("this"), نادم hides in بنادم ("people"),
/// عطل in عطلة (a holiday).
#[test]
fn arabic_core_service_words_and_their_lookalikes() {
    check_labels(&[
        ("تطبيق موثوق و فعال", 1),
        ("أعطال متكررة في الشبكة", -1),
        ("موقع مخادع، المنتوج مزور", -1),
        ("عطلة سعيدة", 1),
    ]);
    for text in ["هادي تصويرتنا", "بنادم كامل جا", "عطلة الصيف"] {
        let sc = s(text);
        assert!(sc.terms.is_empty(), "{text:?} -> {sc:?}");
    }
}

/// Common Arabizi words checked one by one: "ta7et" (the connection
/// dropped) read +1.8 through "ta7iyati" (greetings); "hayl" (great) must
/// not reach "7ala" (a state), which shares its skeleton.
#[test]
fn arabizi_common_words_checked_one_by_one() {
    check_labels(&[
        ("lconnexion ta7et mn lbar7", -1),
        ("lkhedma hayla", 1),
        ("l'appli sahla w khfifa", 1),
        ("t9hert m3akom", -1),
        ("had 7gra ma katt9blch", -1),
    ]);
    let sc = s("3la 7ala");
    assert!(sc.terms.is_empty(), "{sc:?}");
}

/// "bnin" (delicious) folds to the skeleton of "bina" (with us), "bayna"
/// (it's clear) and "bin" (between): found by scoring 141 common neutral
/// Darija words alone and in a sentence.
#[test]
fn bnin_is_an_exact_spelling() {
    for text in ["wach bina", "bayna dik lwar9a", "bin had jouj"] {
        let sc = s(text);
        assert!(sc.terms.is_empty(), "{text:?} -> {sc:?}");
    }
    check_labels(&[
        ("tajine bnine", 1),
        ("lmakla bnina bzaf", 1),
        ("bniiiin", 1),
    ]);
}

/// عملاء are customers in brand texts: rated as agents (traitors, -1.5)
/// they made "العملاء راضون" neutral and "العملاء الكرام" negative.
#[test]
fn customers_are_not_traitors() {
    check_labels(&[
        ("العملاء راضون", 1),
        ("العملاء الكرام", 0),
        ("العميل غاضب", -1),
    ]);
}

/// A discount read as bad news: VADER-fr rates "réduction" -1.
#[test]
fn a_discount_is_an_offer() {
    check_labels(&[("Inwi : 20% de réduction sur les forfaits", 1)]);
}

/// Two brands in one sentence took one score ("Inwi nul, Orange top" was
/// neutral for both): each is scored on its own clauses.
#[test]
fn two_brands_in_one_sentence_are_scored_apart() {
    let sc = scorer();
    let at = |text: &str, name: &str| {
        let i = text.find(name).unwrap();
        i..i + name.len()
    };
    // (text, brand, other brand, expected label for the brand)
    let cases = [
        ("Inwi nul, Orange top", "Inwi", "Orange", -1),
        ("Inwi nul, Orange top", "Orange", "Inwi", 1),
        (
            "Chez Inwi, le réseau est nul, alors qu'Orange est top",
            "Inwi",
            "Orange",
            -1,
        ),
        (
            "Chez Inwi, le réseau est nul, alors qu'Orange est top",
            "Orange",
            "Inwi",
            1,
        ),
        ("Inwi coupe tout mais Orange est super", "Inwi", "Orange", 0),
        ("Inwi coupe tout mais Orange est super", "Orange", "Inwi", 1),
        // One clause names both: both take its tone.
        ("Inwi et Orange sont nuls", "Inwi", "Orange", -1),
        ("Inwi et Orange sont nuls", "Orange", "Inwi", -1),
        // Clauses before any brand go with the first one named.
        (
            "Franchement, service horrible : Inwi. Orange ça va",
            "Inwi",
            "Orange",
            -1,
        ),
        ("اتصالات زوينة، إنوي خايبة", "اتصالات", "إنوي", 1),
        ("اتصالات زوينة، إنوي خايبة", "إنوي", "اتصالات", -1),
    ];
    for (text, brand, other, want) in cases {
        let t = sc.score_targeted_among(text, &[at(text, brand)], &[at(text, other)]);
        assert_eq!(t.target.label, want, "{text:?} for {brand}: {t:?}");
    }
    // Without the other brand's offsets the sentence is scored whole, as before.
    let text = "Inwi nul, Orange top";
    let t = sc.score_targeted(text, &[at(text, "Inwi")]);
    assert_eq!(t.target.label, 0, "{t:?}");
    // A brand's tone in another sentence is not borrowed when the other brand
    // shares its own sentence.
    let text = "Inwi, Orange. Tout est parfait.";
    let t = sc.score_targeted_among(text, &[at(text, "Inwi")], &[at(text, "Orange")]);
    assert_eq!(t.target.label, 0, "{t:?}");
}

/// A comparison the brand loses read as praise of it: "Orange est meilleur
/// qu'Inwi" scored +2 for Inwi. What is said before "que"/"than"/"من" is said
/// of the other side; for the brand compared against it counts reversed.
#[test]
fn the_brand_compared_against_takes_the_reverse_tone() {
    let sc = scorer();
    let at = |text: &str, name: &str| {
        let i = text.rfind(name).unwrap();
        i..i + name.len()
    };
    let cases = [
        ("Orange est meilleur qu'Inwi", "Inwi", -1),
        ("Orange est meilleur qu'Inwi", "Orange", 1),
        (
            "Le réseau d'Orange est bien plus rapide que celui d'Inwi",
            "Inwi",
            -1,
        ),
        ("Franchement mieux que Inwi", "Inwi", -1),
        ("Inwi est pire que Orange", "Orange", 1),
        ("Orange est moins cher que Inwi", "Inwi", -1),
        ("Orange is way better than Inwi", "Inwi", -1),
        ("اتصالات أحسن من إنوي", "إنوي", -1),
        ("orange ahsen mn inwi", "inwi", -1),
        // Praise of the target: no reversal after a negator.
        ("Rien de mieux qu'Inwi", "Inwi", 1),
        ("Nothing better than Inwi", "Inwi", 1),
        // "من" is also "from": more than 100 customers complained about Inwi.
        ("أكثر من 100 زبون غاضبين من إنوي", "إنوي", -1),
        // A quantity, not a comparison.
        ("More than 100 happy Inwi customers", "Inwi", 1),
        // What follows the target is said of it.
        ("Orange est meilleur que Inwi qui est nul", "Inwi", -1),
    ];
    for (text, brand, want) in cases {
        let others: Vec<_> = ["Orange", "Inwi", "اتصالات", "إنوي", "orange", "inwi"]
            .iter()
            .filter(|o| **o != brand && text.contains(**o))
            .map(|o| at(text, o))
            .collect();
        let t = sc.score_targeted_among(text, &[at(text, brand)], &others);
        assert_eq!(t.target.label, want, "{text:?} for {brand}: {t:?}");
    }
    let t = sc.score_targeted("Orange est meilleur qu'Inwi", &[23..27]);
    assert!(
        t.target
            .terms
            .iter()
            .any(|h| h.why.contains("compared against")),
        "{t:?}"
    );
}

/// A negation before a verb of expectation denies the expectation: "didn't
/// expect such good service" is pleased surprise. Present "think" still
/// passes its negation on.
#[test]
fn expectation_verbs_stop_negation() {
    check_labels(&[
        ("I didn't expect such good service", 1),
        ("لم أتوقع هذه الجودة بهذا السعر، أنصح به", 1),
        ("Didn't expect much but this place blew me away", 1),
        ("I don't think it's good", -1),
        ("je m'attendais à mieux", -1),
        ("Pas mal du tout le nouveau menu, je m'attendais à pire", 1),
    ]);
    let sc = s("I didn't expect such good service");
    assert!(!hit(&sc, "good").why.contains("negated"), "{sc:?}");
}

/// Batch 15: "on the contrary" after a denial, ما before a pronoun (a
/// question), a degree adjective inside an Arabic decrease, and complaint
/// idioms of waiting, churn and thanks for nothing.
#[test]
fn contrary_question_degree_and_churn() {
    check_labels(&[
        ("ماشي خايب بالعكس عجبني بزاف", 1),
        ("ما هو أفضل فلم شاهدته", 1),
        ("تراجع كبير في الجودة", -1),
        (
            "Ils disent que c'est rapide mais j'attends depuis 45 minutes",
            -1,
        ),
        ("C'est la dernière fois que je commande chez eux", -1),
        ("شكرا على والو، ساعتين و حنا كنتسناو", -1),
        ("chokran 3la walo a inwi", -1),
    ]);
    let sc = s("تراجع كبير في الجودة");
    assert!(hit(&sc, "الجودة").why.contains("object of"), "{sc:?}");
}

/// Regressions from batches 16 and 17: vaderSentiment-fr's "mûr" (ripe) read
/// every "mur" (wall) as praise; the Arabizi skeleton folds h and 7, so
/// "kaynhbo" (they rob) read as "kan7ebbo" (I love it); and words no list had.
#[test]
fn regression_wall_is_not_ripe_and_robbing_is_not_loving() {
    check_labels(&[
        ("ce gouvernement nous mène droit dans le mur", -1),
        ("un mur de trois mètres", 0),
        ("had l'opérateur kaynhbo f flouss nas", -1),
        ("kan7ebbo bzaf had l'produit", 1),
        ("kanshkr l'équipe dial Decathlon Rabat", 1),
        ("Inwi 3awtani l connexion t9at3at", -1),
        ("هاد الحكومة ما دارت والو للشعب", -1),
        ("Le SAV m'a rappelé dans l'heure, je suis bluffé", 1),
        (
            "Props to Marjane for the quick refund, no questions asked",
            1,
        ),
        ("Honestly their 5G is fast af in Casa", 1),
        ("Traffic on the highway is a nightmare today", -1),
    ]);
}

/// Arabizi inflections a listed word takes: the feminine plural -at and the
/// object pronouns -ni / -ouna ("nasab" is listed, "nsbouni" was not read).
#[test]
fn arabizi_feminine_plural_and_object_pronouns() {
    check_labels(&[
        ("zwinat bzaf had tswar", 1),
        ("l'offres dyalhom khaybat", -1),
        ("nsbouni f lcommande", -1),
        ("had l film khla3ni", -1),
    ]);
}

/// Batch 18, business press and influencers: fines, leaks, discontent and
/// price rises are bad news; "les assurés" and "وزارة الصحة" are names of
/// people and offices, not praise; unsubscribing is leaving.
#[test]
fn business_news_and_influencer_churn() {
    check_labels(&[
        ("مجلس المنافسة يغرم شركات المحروقات", -1),
        ("تسريب بيانات آلاف الزبناء يضع البنك في موقف محرج", -1),
        ("ارتفاع أسعار تذاكر الطيران يثير استياء الجالية", -1),
        ("وزارة الصحة تعلن عن حملة تلقيح جديدة", 0),
        ("La CNSS annonce un nouveau portail pour les assurés", 0),
        (
            "Je me désabonne, trop de placements de produits sans intérêt",
            -1,
        ),
        (
            "Unfollowing this brand after how they treated their employees",
            -1,
        ),
        ("المؤثرين ديال دابا غير كيبيعو الوهم", -1),
    ]);
}

/// A launch is good press for the brand that launches: the noun ("lancement")
/// was rated and the verb was deny-listed, so "Cat lance le compacteur" read
/// neutral while "le lancement du compacteur" read positive. A launch that
/// has not happened is a complaint; announcing alone carries no tone.
#[test]
fn a_launch_is_good_press_and_a_missing_one_a_complaint() {
    check_labels(&[
        ("Inwi lance une nouvelle offre fibre à Agadir", 1),
        ("Les deux start-up lancent un projet pilote à Dakhla", 1),
        ("Le réseau est de nouveau opérationnel à Fès", 1),
        ("Inwi n'a toujours pas lancé la fibre au quartier", -1),
        ("Le service n'est toujours pas opérationnel", -1),
        ("Inwi annonce une nouvelle offre fibre à Agadir", 0),
    ]);
}

/// Batches 38-41: the reproaches of empty talk, exasperation and the
/// runaround had no entry, and "belles paroles" read as praise.
#[test]
fn empty_talk_exasperation_and_the_runaround() {
    check_labels(&[
        (
            "Lobbies, greenwashing et belles paroles, rien ne change",
            -1,
        ),
        ("Son plan climat ? C'est du vent", -1),
        ("Encore un effet d'annonce du ministère", -1),
        ("Ah bah bravo, encore une centrale à charbon", -1),
        ("Encore un incident à la centrale, jusqu'à quand ?", -1),
        ("Un ministre qui défend le diesel, on aura tout vu", -1),
        ("Le support me renvoie d'un service à l'autre", -1),
        ("Ça fait 3 jours que la 4G ne passe plus à Tanger", -1),
        ("Le support répond en français et en arabe", 0),
        ("Des pavés en plastique recyclé, fallait y penser !", 1),
        ("Un guide sur l'efficacité énergétique des bâtiments", 0),
    ]);
}

/// Regression: a deny-listed participle shadowed a rated verb. "protégé"
/// (weight 0: "espèce protégée" names a status) folds to "protege", and its
/// guessed plural "protegent" was generated before the forms of the rated
/// infinitive "protéger", so "ils protègent" read nothing.
#[test]
fn deny_listed_participle_does_not_shadow_the_rated_verb() {
    check_labels(&[
        ("Les habitants protègent la forêt du quartier", 1),
        ("Une espèce protégée vit dans ce parc", 0),
    ]);
}

/// Batch 42: inaction and impunity are reproaches, "c'est une blague" is a
/// farce, and "svp" asks rather than praises.
#[test]
fn inaction_impunity_and_requests() {
    check_labels(&[
        ("Encore un rapport qui finira dans un tiroir", -1),
        ("La loi littoral est restée lettre morte", -1),
        ("On parle beaucoup mais on ne fait rien, comme toujours", -1),
        ("Les promoteurs bétonnent le littoral en toute impunité", -1),
        ("Cette pub pour un SUV écologique est une blague", -1),
        ("Quelqu'un a testé cette marque de panneaux ? avis svp", 0),
        ("Il m'a raconté une blague au café", 0),
    ]);
}

/// Batch 19: Moroccan laments carry no tone word ("God help us", "it's done
/// for"), in Arabic script and in Latin letters.
#[test]
fn moroccan_laments() {
    check_labels(&[
        ("المستشفى بلا أطباء وبلا دواء، الله يحسن العوان", -1),
        ("التعليم فبلادنا مشى فيها", -1),
        ("miskina lah y7sen l3wan", -1),
        ("safi lblad mcha fiha", -1),
    ]);
}

/// A superlative in a question asking for advice is asked, not said; a
/// superlative stated, or in a rhetorical question, keeps its tone.
#[test]
fn recommendation_question_is_not_praise() {
    for text in [
        "Quel est le meilleur opérateur au Maroc ?",
        "What's the best bank in Morocco?",
        "ما هي أفضل شركة اتصالات في المغرب؟",
        "achno a7sen operateur f lmghrib?",
    ] {
        let sc = s(text);
        assert_eq!(sc.label, 0, "{text}: {sc:?}");
        assert!(
            sc.terms.iter().any(|t| t.why.contains("asked, not said")),
            "{text}: {sc:?}"
        );
    }
    check_labels(&[
        ("Inwi est le meilleur opérateur", 1),
        ("Pourquoi Inwi est le meilleur ?", 1),
        (
            "Quel est le meilleur opérateur ? Inwi, sans hésiter, le meilleur.",
            1,
        ),
    ]);
}

/// Waiting a stated time is a complaint in every language, in either order;
/// waiting with no time, what is eagerly awaited, and waiting denied are not.
#[test]
fn waiting_for_a_stated_time_is_a_complaint() {
    for text in [
        "On a attendu une heure pour être servis",
        "1h d'attente au guichet",
        "waited 40 minutes for cold fries",
        "Spent an hour on hold just to be told to call back tomorrow",
        "ساعتين و حنا كنتسناو",
        "3 d simanat w ana kantsna technicien",
        // A queue is waiting too; a negator in the clause before is not a
        // denial of the wait (regression: "ma ykounch," hid it).
        "2 heures de queue chez Bim",
        "hadchi ma ykounch, 2 sa3at f la queue",
    ] {
        let sc = s(text);
        assert!(
            sc.label == -1 && sc.terms.iter().any(|t| t.why == "waiting time"),
            "{text}: {sc:?}"
        );
    }
    for text in [
        "le film tant attendu depuis 3 ans",
        "Je n'ai pas attendu plus de 5 minutes, top",
        "J'attends avec impatience la suite",
    ] {
        let sc = s(text);
        assert!(
            sc.label >= 0 && sc.terms.iter().all(|t| t.why != "waiting time"),
            "{text}: {sc:?}"
        );
    }
}

/// Star counts spelled out are grades too; French "une" is an article and a
/// hotel's "cinq étoiles" its category.
#[test]
fn spelled_star_counts_are_grades() {
    check_labels(&[
        ("Five stars, the staff went above and beyond", 1),
        ("two stars, the room was dirty", -1),
        ("service cinq étoiles", 1),
        ("un hôtel cinq étoiles", 0),
        ("c'est une étoile montante", 0),
    ]);
    assert!(hit(&s("two stars for the room"), "two stars").why == "rating");
}

/// Batch 21: time lost for nothing, a product no longer the same, missing
/// items, lies; "pour rien au monde" is no complaint.
#[test]
fn time_lost_and_not_the_same_anymore() {
    check_labels(&[
        (
            "Deux heures au téléphone avec le service client pour rien",
            -1,
        ),
        ("Ils ont changé la recette, c'est plus du tout pareil", -1),
        ("Le colis est arrivé ouvert et il manquait la moitié", -1),
        ("ghir l'kdoub, gal lik 24h w daba 5 ayam", -1),
        ("je ne changerais pour rien au monde", 0),
    ]);
}

/// What a customer waits for (a reply, the parcel, the refund, a service
/// that works) is news only when denied: then it is a complaint, whatever
/// the negator, in each language and with the Darija circumfix split,
/// glued, or around an object pronoun.
#[test]
fn service_outcome_denied_is_a_complaint() {
    check_labels(&[
        ("Commande jamais reçue", -1),
        ("le service client ne répond plus", -1),
        ("My refund was never refunded properly, never answered", -1),
        ("The app still doesn't works after the update", -1),
        ("مارجعوش ليا الفلوس", -1),
        ("ma rj3ouch lflouss", -1),
        ("الكوموند ما وصلاتكش؟ حتى انا", -1),
        ("ما كيخدموش الخط", -1),
        // Affirmed it says nothing.
        ("J'ai reçu ma commande ce matin", 0),
        ("They answered the next day", 0),
        ("وصلاتني الكوموند", 0),
    ]);
    let sc = s("Commande jamais reçue");
    assert_eq!(hit(&sc, "reçue").why, "service not given; negated (jamais)");
}

/// "zéro" before a noun denies it: "zéro souci" is praise, "zero respect"
/// a complaint; it reaches the next word only.
#[test]
fn zero_before_a_noun_denies_it() {
    check_labels(&[
        (
            "Depuis que je suis passé chez Inwi, zéro souci de réseau",
            1,
        ),
        ("zero respect for customers", -1),
        ("Victoire 2 à zéro grâce à un super but", 1),
        // After the word, Darija grades with it too (b54: "وجودة زيرو" read
        // the quality as praise).
        ("جودة زيرو والثمن غالي", -1),
        ("lkhedma mzyana? zwin zero", -1),
    ]);
    let sc = s("Victoire 2 à zéro grâce à un super but");
    assert!(!hit(&sc, "super").why.contains("negated"), "{sc:?}");
}

/// Regression: the prefix "anti" negated every word of its scope, so "loi
/// anti-gaspillage adoptée" read the law as not adopted (−0.09). Like
/// "non" and "zéro" it reaches the word it prefixes only.
#[test]
fn anti_prefix_reaches_its_word_only() {
    let sc = s("loi anti-gaspillage adoptée");
    assert_eq!(sc.label, 1, "{sc:?}");
    assert!(!hit(&sc, "adoptée").why.contains("negated"), "{sc:?}");
    assert!(
        hit(&sc, "gaspillage").why.contains("negated (anti)"),
        "{sc:?}"
    );
}

/// Regression: French "but" is a goal, not English "but": "un super but"
/// halved every word before it as if a contrast followed.
#[test]
fn french_but_is_a_goal_not_a_contrast() {
    let sc = s("Victoire magnifique grâce à un super but");
    assert!(!hit(&sc, "magnifique").why.contains("contrast"), "{sc:?}");
    // English "but" in English text still is one.
    let sc = s("The food was great but the service was slow");
    assert!(hit(&sc, "great").why.contains("before contrast"), "{sc:?}");
}

/// "used to" says a thing is no longer so; "be/get used to" is being
/// accustomed.
#[test]
fn english_used_to_is_no_longer() {
    check_labels(&[
        ("I used to love this app", -1),
        ("This app used to be great", -1),
        ("I'm used to great service from them", 1),
        ("You get used to good coffee quickly", 1),
    ]);
    let sc = s("I used to love this app");
    assert_eq!(hit(&sc, "love").why, "lexicon en; negated (used to)");
}

/// A contrast that only says "no longer" takes back the clause before it:
/// "but not anymore", "mais plus maintenant", "walakin daba la", "ولكن دابا
/// لا". "but not now" has no word of time past: not a denial.
#[test]
fn contrast_with_only_no_longer_takes_back_the_clause() {
    check_labels(&[
        ("Je les adorais, mais plus maintenant", -1),
        ("I trusted them but not anymore", -1),
        ("kant 3andi thi9a fihom walakin daba la", -1),
        ("كنت كنثيق فيهم ولكن دابا لا", -1),
        ("I'd love to come, but not now", 1),
    ]);
    // Only a denial and a word of time: "plus cher" is a comparison.
    let sc = s("Je les adorais, mais plus cher maintenant");
    assert!(
        hit(&sc, "adorais").why.contains("before contrast"),
        "{sc:?}"
    );
    let sc = s("I trusted them but not anymore");
    assert_eq!(
        hit(&sc, "trusted").why,
        "lexicon en; negated (but not anymore)"
    );
}

/// "can't believe how good" is amazement, not a denial of "good".
#[test]
fn cant_believe_how_is_amazement() {
    check_labels(&[
        ("Can't believe how good this phone is for the price", 1),
        ("I can't believe how bad the service is", -1),
    ]);
}

/// Byte range of the last occurrence of `name` in `text`.
fn last_at(text: &str, name: &str) -> std::ops::Range<usize> {
    let i = text.rfind(name).unwrap();
    i..i + name.len()
}

/// A switch between providers is churn for the brand left and a win for the
/// brand chosen, with no tone word in it; what the sentence says beyond the
/// frame is said of the other side.
#[test]
fn switching_providers_is_bad_news_for_the_brand_left() {
    let sc = scorer();
    // (text, brand, other brand, expected label for the brand)
    let cases = [
        ("J'ai quitté Inwi pour Orange", "Inwi", "Orange", -1),
        ("J'ai quitté Inwi pour Orange", "Orange", "Inwi", 1),
        (
            "Je suis passé d'Inwi à Orange le mois dernier",
            "Inwi",
            "Orange",
            -1,
        ),
        (
            "Switched from Inwi to Orange, best decision ever!!",
            "Inwi",
            "Orange",
            -1,
        ),
        (
            "Switched from Inwi to Orange, best decision ever!!",
            "Orange",
            "Inwi",
            1,
        ),
        (
            "Fed up with the outages, I left Inwi for Orange",
            "Orange",
            "Inwi",
            1,
        ),
        ("khlit inwi w mchit l orange", "inwi", "orange", -1),
        ("انتقلت من إنوي إلى أورنج", "إنوي", "أورنج", -1),
        ("انتقلت من إنوي إلى أورنج", "أورنج", "إنوي", 1),
        // No switch the brand takes part in.
        (
            "Les prix d'Inwi sont passés de 49 à 99 DH",
            "Inwi",
            "Orange",
            0,
        ),
        ("J'ai changé de forfait chez Inwi", "Inwi", "Orange", 0),
    ];
    for (text, brand, other, want) in cases {
        let others: Vec<_> = text
            .contains(other)
            .then(|| last_at(text, other))
            .into_iter()
            .collect();
        let t = sc.score_targeted_among(text, &[last_at(text, brand)], &others);
        assert_eq!(t.target.label, want, "{text:?} for {brand}: {t:?}");
    }
    let text = "Switched from Inwi to Orange, best decision ever!!";
    let t = sc.score_targeted_among(text, &[last_at(text, "Inwi")], &[last_at(text, "Orange")]);
    let terms: Vec<_> = t
        .target
        .terms
        .iter()
        .map(|h| (h.term.as_str(), h.why.as_str()))
        .collect();
    assert_eq!(
        terms,
        [
            ("!!", "exclamation"),
            (
                "Switched from Inwi to Orange",
                "switched away (left for another)"
            ),
        ],
        "the praise after the frame is Orange's; the exclamation follows what is left"
    );
}

/// A brand's own name is never a term: VADER rates "amazon" +0.7, "free"
/// +1.2, and every post naming Amazon or Free read warmer for it.
#[test]
fn a_brand_name_is_not_a_term() {
    let sc = scorer();
    for (text, brand) in [
        ("I ordered a phone from Amazon", "Amazon"),
        ("Free a coupé la ligne hier soir, encore", "Free"),
    ] {
        let t = sc.score_targeted(text, &[last_at(text, brand)]);
        assert!(
            t.target.terms.iter().all(|h| h.term != brand),
            "{text:?}: {t:?}"
        );
        assert!(
            t.whole.terms.iter().all(|h| h.term != brand),
            "{text:?}: {t:?}"
        );
    }
    // Elsewhere the word keeps its weight.
    assert!(s("Free delivery on every order").score > 0.0);
}

/// In a sentence shared with another brand, the next sentence is borrowed
/// when the target's clauses say nothing and the target is the last brand
/// named: the tone that follows is about it.
#[test]
fn shared_sentence_borrows_the_next_one_for_the_last_brand_named() {
    let sc = scorer();
    let text = "Longtemps client de la BP, j'ai ouvert un compte chez CIH. Application fluide et rapide, bravo.";
    let t = sc.score_targeted_among(text, &[last_at(text, "CIH")], &[last_at(text, "BP")]);
    assert_eq!(t.target.label, 1, "{t:?}");
    let t = sc.score_targeted_among(text, &[last_at(text, "BP")], &[last_at(text, "CIH")]);
    assert_eq!(t.target.label, 0, "{t:?}");
}

/// A post as short as a tweet, naming no other tracked brand, is about its
/// brand all through: the verdict may come sentences after the name. Only
/// when every tracked brand's mentions are known (`score_targeted_among`).
#[test]
fn short_post_naming_one_brand_is_scored_whole() {
    let sc = scorer();
    let text = "J'ai ramené un vélo défectueux chez Decathlon. Échangé sans discussion en 5 minutes. Chapeau, bravo.";
    let t = sc.score_targeted_among(text, &[last_at(text, "Decathlon")], &[]);
    assert_eq!(t.target.label, 1, "{t:?}");
    assert_eq!(t.span, 0..text.len());
    // Without knowing the tracked brands, the sentence of the mention.
    let t = sc.score_targeted(text, &[last_at(text, "Decathlon")]);
    assert_eq!(t.target.label, -1, "{t:?}");
    // A long text keeps to the sentences around the mention.
    let long = format!(
        "{text} {}",
        "Le reste de l'article parle d'autre chose. ".repeat(8)
    );
    let t = sc.score_targeted_among(&long, &[last_at(text, "Decathlon")], &[]);
    assert_eq!(t.target.label, -1, "{t:?}");
}

/// Regression: model and network codes were read as Arabizi: "T9" and "S27"
/// scored as Darija words, and "la 3G et la 5G" made a French sentence
/// Darija. A digit-letter word needs two letters and no two final digits.
#[test]
fn model_codes_are_not_arabizi() {
    check_labels(&[
        ("Samsung présentera le Galaxy S27 le 15 janvier", 0),
        ("Le T9 et le X7 sortent en mars", 0),
    ]);
    assert_eq!(s("la 3G et la 5G arrivent à Tanger").lang, "fr");
    // Arabizi words keep their digit-letters.
    assert_eq!(s("3ndi mochkil m3a l'app").label, -1);
    assert_eq!(s("3ndi mochkil m3a l'app").lang, "ary-latn");
}

/// Batch 28 (brand posts): "La facture Lydec a doublé" read neutral and
/// "baisse des prix" read negative ("baisse" -0.8): what a customer pays
/// reads the other way from a business figure, a rise bad news for the brand
/// that charges it, a fall good news.
#[test]
fn regression_a_price_rise_is_bad_news_and_a_price_cut_good_news() {
    check_labels(&[
        ("La facture Lydec a doublé ce mois-ci", -1),
        ("Inwi augmente encore ses prix", -1),
        ("Baisse des prix chez Marjane cette semaine", 1),
        ("Orange baisse ses tarifs pour les étudiants", 1),
        ("Prices went up again at Jumia", -1),
        ("Glovo fees went down, finally", 1),
        ("الأسعار ارتفعت فمرجان", -1),
        ("انخفاض الأسعار في مرجان", 1),
        // Batch 30: "on fire" is sky-high beside a price, booming beside a figure.
        ("الأسعار فالسوق ولات نار", -1),
        ("las3ar wlaw nar f marjane", -1),
        ("المبيعات ولات نار هاد الشهر", 1),
        // A figure still reads as the company's: its rise is good news.
        ("Hausse des ventes chez Marjane", 1),
        // A price with no word of change is no news.
        ("Le prix du forfait Inwi est de 99 dirhams", 0),
    ]);
    let sc = s("Baisse des prix chez Marjane");
    assert_eq!(sc.terms.len(), 1, "{sc:?}");
    assert_eq!(sc.terms[0].why, "price to customers down");
}

/// Batch 45 (news headlines): a harm counted in the news (mortality, crime,
/// inflation, emissions) falling is good news and rising bad news, the way a
/// price is; a gain (reserves, harvests, wages, tourists) the other way. The
/// nouns alone are facts, and so are the words of change alone.
#[test]
fn harms_and_gains_counted_in_the_news() {
    check_labels(&[
        ("La mortalité infantile a reculé de moitié en vingt ans", 1),
        ("Hausse de la criminalité dans les grandes villes", -1),
        ("Les inégalités continuent de se creuser", -1),
        ("L'inflation ralentit enfin", 1),
        ("Les émissions de CO2 ont augmenté l'an dernier", -1),
        ("Les réserves des barrages remontent après les pluies", 1),
        ("Baisse des récoltes de blé cette année", -1),
        ("Les agriculteurs voient leurs salaires augmenter", 1),
        ("ارتفاع عدد الوفيات في حوادث السير", -1),
        ("Le taux de mortalité est publié chaque année", 0),
        ("Les émissions de radio reprennent lundi", 0),
        ("La grève est levée après l'accord", 1),
    ]);
    for (text, why) in [
        ("La mortalité a reculé", "harm down"),
        ("Hausse de l'inflation", "harm up"),
        ("Les réserves remontent", "gain up"),
        ("Baisse des récoltes", "gain down"),
    ] {
        let sc = s(text);
        assert_eq!(sc.terms.len(), 1, "{text}: {sc:?}");
        assert_eq!(sc.terms[0].why, why, "{text}");
    }
}

/// Batch 46 (Moroccan news): wins, records and new equipment are good news,
/// a district deprived of water bad news; coordinated complements belong to
/// the price ("les prix des fruits et légumes s'envolent"); "vacances
/// scolaires" is a calendar term.
#[test]
fn moroccan_news_wins_records_and_deprivation() {
    check_labels(&[
        ("Les Lions de l'Atlas s'imposent 3-0 face au Gabon", 1),
        ("Les exportations automobiles battent un nouveau record", 1),
        ("Record d'affluence au festival Gnaoua d'Essaouira", 1),
        ("L'hôpital d'Oujda se dote d'un nouveau scanner", 1),
        ("Des quartiers de Fès privés d'eau depuis trois jours", -1),
        ("Les prix des fruits et légumes s'envolent", -1),
        ("Le calendrier des vacances scolaires est publié", 0),
    ]);
}

/// Batch 47: a Darija verb with a plural subject and "me" (-وني: قلقوني,
/// "they annoyed me") is found through its listed stem like the singular
/// (قلقني); broken goods in Arabizi.
#[test]
fn darija_plural_verbs_with_me_and_broken_goods() {
    check_labels(&[
        ("اورانج كيصيفطو ليا ميساجات كل نهار، قلقوني", -1),
        ("قلقني هاد التطبيق", -1),
        ("jumia sifto liya 7aja mkhrba", -1),
    ]);
}

/// Batch 48: a lone word of praise closing a post of complaints is a
/// sarcastic verdict ("Coupure de 3 heures. Génial."), while one closing a
/// satisfied post stays praise; handling a complaint remedies it; customers'
/// English idioms.
#[test]
fn closing_verdicts_remedies_and_english_idioms() {
    check_labels(&[
        ("Coupure de 3 heures. Génial.", -1),
        ("Train cancelled again, no refund. Perfect.", -1),
        ("Livraison en 24h, colis intact. Parfait.", 1),
        (
            "Kudos to the team for handling the complaint so professionally",
            1,
        ),
        (
            "Paid for premium and still getting ads. Make it make sense.",
            -1,
        ),
        ("They charged my card twice and now they're ghosting me", -1),
        (
            "Finally a bank that answers emails within the hour, refreshing",
            1,
        ),
    ]);
    let sc = s("Coupure de 3 heures. Génial.");
    assert!(
        sc.terms
            .iter()
            .any(|t| t.term == "Génial" && t.weight < 0.0),
        "{sc:?}"
    );
}

/// Batch 49 (climate tweets): "zéro" after a word grades it nothing
/// ("respect zéro" read +2.1); burdens "sur le dos des" classes moyennes,
/// invasions and lobbies are reproaches.
#[test]
fn zero_after_the_word_and_climate_reproaches() {
    check_labels(&[
        ("Le service client : respect zéro", -1),
        (
            "On ferme des lignes de train et on construit des autoroutes, cohérence zéro",
            -1,
        ),
        ("Zéro respect pour les usagers", -1),
        (
            "La taxe carbone encore une fois sur le dos des classes moyennes",
            -1,
        ),
        ("Les algues vertes envahissent encore les plages", -1),
        ("Et pendant ce temps, la forêt brûle", -1),
        ("Le score final : zéro à zéro", 0),
    ]);
}

/// Batch 50 (Moroccan press in Arabic): openings, praise and first places
/// are good news; illiteracy falling is good news (a harm down); ratifying
/// (تصادق على) is not the adjective صادق (honest).
#[test]
fn arabic_press_openings_praise_and_harms() {
    check_labels(&[
        ("افتتاح مستشفى جديد بمدينة العيون", 1),
        ("المغرب يحتل المرتبة الأولى إفريقيا في الطاقات المتجددة", 1),
        ("تراجع نسبة الأمية في العالم القروي", 1),
        ("الحكومة تصادق على مشروع قانون المالية", 0),
        ("أشاد الخبراء بالمشروع", 1),
    ]);
}

/// Regression: the "sans" of a hyphenated compound ("sans-abri", "sans-faute")
/// negated the words after it, so "des sans-abri heureux" read as unhappy.
#[test]
fn hyphenated_sans_compound_is_no_negator() {
    check_labels(&[
        ("Un sans-faute pour l'équipe nationale", 1),
        ("Des sans-abri heureux grâce aux bénévoles", 1),
        ("Une journée sans bonheur", -1),
    ]);
}

/// Batch 27 (opinion tweets): participles of veille's own rated infinitives
/// read nothing ("Ils ont supprimé la ligne" had no term: only "supprimer"
/// was listed), and credibility, doing nothing, absurdity and "not for
/// tomorrow" were missing.
#[test]
fn regression_participles_of_rated_verbs_and_opinion_idioms() {
    for (text, term) in [
        ("Ils ont supprimé la ligne de bus", "supprimé"),
        ("Ils ont amélioré le service client", "amélioré"),
        ("La ligne sera supprimée en mars", "supprimée"),
    ] {
        let sc = s(text);
        let own = hit(&sc, term).weight.signum();
        assert_eq!(own, f64::from(sc.label), "{text:?} -> {sc:?}");
    }
    check_labels(&[
        ("Ce ministre n'a aucune crédibilité sur l'environnement", -1),
        (
            "Les politiques parlent d'écologie mais ne font strictement rien",
            -1,
        ),
        ("On marche sur la tête avec ces importations", -1),
        (
            "Le triomphe de l'écologie, c'est pas pour tout de suite",
            -1,
        ),
        (
            "La parfaite illustration de la bonne conscience qu'on se donne",
            -1,
        ),
        (
            "Google multiplie les erreurs pour le lancement de sa montre",
            -1,
        ),
        // A deny-listed infinitive (weight 0) lends nothing to its forms, and
        // the imported lists' weak infinitives lend none either.
        ("Windows Phone, dominé par Nokia pour le moment", 0),
    ]);
}

/// Batch 29 (prices and promises): "les tarifs ont explosé" and "le prix a
/// triplé" were no words of change, "le prix des billets de train a baissé"
/// put the noun's complement between price and verb, "inabordable" was
/// missing, "éclairer" (to light) read +2.3 as "enlighten", and the proverb
/// on promises read as praise.
#[test]
fn regression_prices_that_explode_and_promises_that_bind_no_one() {
    check_labels(&[
        ("Les tarifs de la RAM ont explosé cet été", -1),
        ("Le prix des tomates a triplé en un mois", -1),
        ("Les prix des billets de train ont baissé", 1),
        // Articles are free too (b55: the city was a fourth word away).
        ("Les émissions de CO2 de la ville ont baissé de 20%", 1),
        ("Les ventes du groupe explosent", 1),
        ("Des billets inabordables pour les familles", -1),
        ("On va finir par s'éclairer à la bougie", 0),
        (
            "Les promesses du ministre n'engagent que ceux qui y croient",
            -1,
        ),
    ]);
}

/// Session 18's noticed miss: a promise told to a brand read as praise
/// ("promis" +1.5, "promised" +1.5 in the imported lists) when it is mostly
/// the one not kept; a promise answered by a bare "nothing" is a complaint.
#[test]
fn regression_broken_promises_are_complaints() {
    check_labels(&[
        ("On m'avait promis un rappel sous 48h, rien", -1),
        ("Ils avaient promis un remboursement. Rien.", -1),
        ("They promised a callback within 24 hours. Nothing.", -1),
        ("w3douna b lfibra w walou", -1),
        ("وعدونا بالتعويض و والو", -1),
        ("Encore une promesse non tenue par Inwi", -1),
        ("Ils ont promis monts et merveilles", -1),
        ("Empty promises from the airline again", -1),
        ("وعود كاذبة من الشركة", -1),
        // A promise alone is no praise, and "nothing" must answer it.
        ("Inwi a promis la fibre pour mars", 0),
        ("Il n'a rien promis", 0),
        ("Livraison promise en 48h et reçue en 24h, rien à redire", 1),
    ]);
    let sc = s("They promised a refund. Nothing.");
    assert_eq!(
        hit(&sc, "promised a refund. Nothing").why,
        "promise not kept"
    );
}

/// Batch 31 (reviews): a question asking for "un bon plombier" read as
/// praise, "Bravo le professionnalisme" after a hang-up read sincere, "pas
/// déçu du tout" read +0.8, and coming back was no verdict.
#[test]
fn regression_asked_praise_praised_objects_litotes_and_coming_back() {
    check_labels(&[
        ("Vous connaissez un bon plombier à Rabat ?", 0),
        ("Can anyone recommend a good bank in Casablanca?", 0),
        ("chi wa7ed y3ref chi garage mzyan f Rabat?", 0),
        ("Vous recommandez ?", 0),
        // Not asked: said.
        ("Je connais un bon plombier, super efficace", 1),
        ("Je recommande, top", 1),
        (
            "Le SAV m'a raccroché au nez deux fois. Bravo le professionnalisme.",
            -1,
        ),
        ("Thanks for the great service, my parcel is lost", -1),
        ("Bravo le professionnalisme, réparé en une heure", 1),
        (
            "Pas déçu du tout par ce téléphone, l'autonomie est dingue",
            1,
        ),
        ("Testé le nouveau resto hier soir, j'y retourne samedi", 1),
        ("We will be back for sure", 1),
        ("ghadi n3awd nchri mn 3ndhom", 1),
        ("ma ghadi n3awd nchri mn 3ndhom", -1),
        ("غادي نعاود نشري منهم", 1),
    ]);
    let sc = s("Le SAV m'a raccroché au nez. Bravo le professionnalisme.");
    assert!(
        hit(&sc, "professionnalisme").why.contains("ironic"),
        "{sc:?}"
    );
}

/// Batch 32 (held out: 32 of 40 with the start-of-session scorer, 34 with
/// session 19's head): a courier who "n'est jamais venu" was no service
/// denied, "وحتى حاجة" (not a thing) was no "nothing", "ta7a" (the
/// connection fell) read +1.5 through the skeleton of t7iya (a greeting),
/// and Arabizi "flous" (money) read -1.7 as French "flou".
#[test]
fn regression_courier_never_came_not_a_thing_and_fallen_connections() {
    check_labels(&[
        (
            "Livraison annoncée pour hier, le livreur n'est jamais venu",
            -1,
        ),
        ("وعدوني يرجعو ليا الفلوس وحتى حاجة", -1),
        ("w3douni yrj3o lia lflous w 7ta 7aja", -1),
        ("kol chhar katzid lfactura, w lconnexion dima ta7a", -1),
        ("Le technicien est venu ce matin", 0),
        ("dfe3t lflous", 0),
    ]);
}

/// Batch 33 (business press, Arabic and French; 26 of 30 on first sight):
/// "نتائج إيجابية" had no word for positive, "épinglée" (blamed) was
/// missing, an insurer's "gestion des sinistres" read -2.9 as "sinister",
/// and "السعر مرتفع" (the price is high) was no price rise.
#[test]
fn regression_positive_results_blamed_firms_insurance_claims_high_prices() {
    check_labels(&[
        ("اتصالات المغرب تحقق نتائج إيجابية خلال الفصل الأول", 1),
        ("Lydec épinglée par la Cour des comptes pour sa gestion", -1),
        (
            "Wafa Assurance distinguée pour la qualité de sa gestion des sinistres",
            1,
        ),
        ("السعر مرتفع عن السابق", -1),
        ("أرباح مرتفعة هذا العام", 1),
        ("انخفاض سعر الخبز", 1),
        ("La compagnie renoue avec les bénéfices", 1),
    ]);
}

/// What the customer is owed, named as a noun and denied, is a complaint
/// like a denied verb: "sans remboursement", "pas de réponse", "without
/// any refund", "دون أي تعويض", "bla ta3wid". Named alone, or given, it is
/// no news. (Batch 34: "ألغت الرحلة دون أي تعويض" read neutral.)
#[test]
fn owed_noun_denied_is_a_complaint() {
    check_labels(&[
        ("Vol retardé, toujours aucun remboursement", -1),
        ("Pas de remboursement après un mois", -1),
        ("Coupure sans aucune explication", -1),
        ("Flight delayed without any refund", -1),
        ("الرحلة تأخرت دون أي تعويض", -1),
        ("الرحلة تأخرت بلا تعويض", -1),
        ("tlghat rrihla bla ta3wid", -1),
        ("J'ai demandé un remboursement", 0),
        ("I asked for a refund", 0),
        ("طلبت تعويض", 0),
    ]);
    let sc = s("Flight delayed without any refund");
    assert_eq!(
        hit(&sc, "refund").why,
        "service not given; negated (without)"
    );
    // دون is "without" like بدون: it negates a rated word too.
    assert_eq!(s("عمل دون فائدة").label, -1);
    assert_eq!(
        hit(&s("عمل دون فائدة"), "فائدة").why,
        "lexicon ar; negated (دون)"
    );
}

/// The Moroccan telecom complaint: credit or money eaten, removed or flown
/// away, in every language and Arabizi spelling. (Batch 34: "kat7ayd lina
/// lflous" read neutral.)
#[test]
fn credit_eaten_is_a_complaint() {
    check_labels(&[
        ("orange daba kat7ayd lina lflous bla sabab", -1),
        ("inwi kaykliw lina rasid kol nhar", -1),
        ("اتصالات المغرب كياكلو الرصيد", -1),
        ("الرصيد كيطير بلا ما نعيط", -1),
        ("Inwi m'a encore volé mon crédit", -1),
        ("Orange ate my credit again", -1),
        ("3emmert rased dyal inwi", 0),
    ]);
    let sc = s("inwi kaykliw lina rasid kol nhar");
    assert_eq!(hit(&sc, "kaykliw lina rasid").why, "lexicon ary-latn");
}

/// Being heard is owed too: "n'écoute personne", "sans concertation",
/// "nobody listens" are complaints; "j'écoute la radio" is no news. And
/// uselessness, indifference, a topic that is not praise. (Batch 35:
/// French opinion tweets.)
#[test]
fn not_heard_useless_and_indifferent() {
    check_labels(&[
        ("Ce gouvernement n'écoute personne", -1),
        ("Réforme votée sans concertation", -1),
        ("Nobody listens to customers here", -1),
        ("J'écoute la radio le matin", 0),
        ("Ça ne sert à rien de manifester", -1),
        ("Ils s'en fichent complètement", -1),
        ("Je ne vois pas l'intérêt de cette loi", -1),
        ("Réunion publique à la salle des fêtes jeudi", 0),
        ("Elle a trouvé les mots justes", 1),
        // "qualité" names a topic; "de qualité" is the praise.
        ("Rapport sur la qualité de l'air à Paris", 0),
        ("Un service de qualité, merci", 1),
        ("Des produits de très grande qualité", 1),
    ]);
}

/// Darija and MSA from batch 36: mocked (ضحكو علينا), neglected (ما سول
/// فيهم), time wasted on a thing (ضيعت فيه وقتي), empty talk behind the
/// preposition ب- (بتصريح فارغ), and a question asking where or who is the
/// best, which praises nothing yet.
#[test]
fn mocked_neglected_empty_talk_and_where_is_the_best() {
    check_labels(&[
        ("ضحكو علينا بهاد الزيادة فالأسعار", -1),
        ("حتى شي حد ما سول فيهم", -1),
        ("هاد الفيلم ضيعت فيه وقتي", -1),
        ("الوزير خرج علينا بتصريح فارغ", -1),
        ("kayd7ko 3lina b had l9rarat", -1),
        ("فين كاين أحسن محل ديال الحلويات فمراكش؟", 0),
        ("Where's the best tajine in Fes?", 0),
        ("chkoun a7san operateur f lmghrib?", 0),
        // Not a question: still praise.
        ("أحسن محل ديال الحلويات فمراكش", 1),
    ]);
}

/// Batch 37 (English tweets, Arabizi YouTube comments): "can't believe" is
/// amazement or outrage and denies nothing after it; faint praise said
/// whole; fed up; an empty video; listened without boredom. "khawya"
/// (empty) is listed by its exact spelling: its skeleton is "khouya" (my
/// brother), whom a thank-you names.
#[test]
fn cant_believe_and_youtube_comments() {
    check_labels(&[
        ("Can't believe they cancelled the show after one season", -1),
        ("I can't believe how good this phone is", 1),
        ("Not bad at all for a first try", 1),
        ("I'm so done with this weather", -1),
        ("had lvideo khawya, mafiha walo", -1),
        ("7maq had l'ghnia, ktsm3 bla ma tmel", 1),
        ("safi ma b9itch ntfrj fik, wlliti mamsli", -1),
        ("merci khouya, t3lmt bzaf mnk", 1),
        ("هادشي لي بغينا، الله يحفظك", 1),
    ]);
    let sc = s("Can't believe they cancelled the show");
    assert!(
        hit(&sc, "cancelled").why.starts_with("lexicon en"),
        "{sc:?}"
    );
    assert!(!hit(&sc, "cancelled").why.contains("negated"), "{sc:?}");
}

/// Regression (batch 34): thanks for solving a problem read as ironic
/// thanks beside a complaint, because "résolution" (the noun) and فحل
/// ("in solving") were not remedies, so "problème" / المشكل stayed bad news.
#[test]
fn thanks_for_solving_a_problem_is_not_irony() {
    check_labels(&[
        ("Merci pour la rapidité dans la résolution du problème", 1),
        ("شكرا لاتصالات المغرب على السرعة فحل المشكل", 1),
    ]);
    let sc = s("Merci pour la résolution du problème");
    assert!(!hit(&sc, "Merci").why.contains("ironic"), "{sc:?}");
    assert_eq!(
        hit(&sc, "problème").why,
        "lexicon fr; ×-0.6 object of résolution"
    );
}

/// A denied bad word is close to no news ("il n'y a pas de destructions",
/// "ne veut pas des déchets toxiques" denounce rather than praise), but a
/// denied noun of trouble is a satisfied customer: "zéro souci", "no
/// issues", "ma3ndi mochkil", "ما عندي حتى مشكل".
#[test]
fn denied_trouble_is_praise_other_denied_bad_words_nearly_nothing() {
    check_labels(&[
        ("Depuis que je suis chez Inwi, zéro souci", 1),
        ("ما عندي حتى مشكل معاهم، الله يبارك", 1),
        ("ma3ndi mochkil m3a inwi", 1),
    ]);
    let trouble = hit(&s("jamais un souci"), "souci").weight;
    let other = hit(&s("jamais une destruction"), "destruction").weight;
    assert!(trouble > 0.0 && other > 0.0, "{trouble} {other}");
    let (souci, destructions) = (
        hit(&s("souci"), "souci").weight,
        hit(&s("destruction"), "destruction").weight,
    );
    assert!(trouble / -souci > 2.0 * other / -destructions);
}

/// Moroccan nouns that French slang rates: "souk" is the market and "kif"
/// cannabis in Moroccan news; the slang senses are phrases ("c'est le souk",
/// a mess; "c'est le kif", a joy).
#[test]
fn souk_and_kif_are_moroccan_nouns() {
    check_labels(&[
        ("Le souk de Marrakech est plein ce matin", 0),
        ("La culture du kif dans le Rif", 0),
        ("Franchement c'est le souk chez cet opérateur", -1),
        ("Ce concert, c'est le kif", 1),
    ]);
}

/// Everyday Moroccan words carry no tone, in French and in Arabizi posts: a
/// guard against lexicon entries whose spelling or skeleton meets one (as
/// "khawya", empty, met "khouya", my brother, when first listed by skeleton).
#[test]
fn everyday_moroccan_words_carry_no_tone() {
    for w in [
        "khouya", "khoya", "khti", "mama", "baba", "sahbi", "sa7bi", "wlidi", "lbled", "darna",
        "souk", "medina", "riad", "hammam", "dirham", "tajine", "douar", "derb", "moussem", "kif",
        "tobis", "tomobil", "lkhedma", "lmadrasa", "sbitar", "7anout", "daba", "ghda",
    ] {
        for text in [format!("wach {w} dyal inwi"), format!("le {w} de la ville")] {
            let sc = s(&text);
            assert!(sc.terms.is_empty(), "{text:?} -> {sc:?}");
        }
    }
}

#[test]
fn english_no_that_negates_is_said_once() {
    // Regression: "no" weighed −1.2 on its own and also flipped the word after
    // it, so "no problem" read negative and "no good" twice as bad as "not good".
    let t = |text: &str| {
        s(text)
            .terms
            .iter()
            .map(|h| h.term.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(t("no good"), ["good"]);
    assert!(s("no problem").score > 0.0);
    assert!((s("no good").score - s("not good").score).abs() < 1e-9);
    // Alone, or as part of a phrase, it keeps its weight.
    assert_eq!(t("No, thanks for asking."), ["No", "thanks"]);
    assert_eq!(s("there is no signal").label, -1);
    // "No matter what" concedes; it denies nothing.
    assert!(s("no matter what").terms.is_empty());
    // "worth it" is a verdict (b54: "totally worth it" read +0.29, neutral).
    assert_eq!(s("tried it, totally worth it").label, 1);
    assert_eq!(s("honestly not worth it").label, -1);
    // "Please" asks: a request is no praise (VADER +1.3); asking a brand
    // to fix something is a complaint.
    assert!(s("Please send me the form").terms.is_empty());
    assert_eq!(s("Please fix my internet").label, -1);
}

#[test]
fn remedy_does_not_reach_across_a_conjunction() {
    // Regression: "fix" reversed the clause after "and", so the complaint
    // "nothing ever changes" read as a remedy (+0.7).
    let sc = s("They keep promising a fix and nothing ever changes");
    assert_eq!(sc.label, -1, "{sc:?}");
    assert!(sc.terms.iter().all(|t| t.weight < 0.0), "{sc:?}");
    // Right before its object the remedy still reaches it.
    assert!(s("They finally fixed the outage").score > 0.0);
    assert_eq!(s("Le gouvernement veut réduire le chômage").label, 1);
}

/// Hashtags carry a brand's campaigns, and a CamelCase one is several words.
/// Regression: "#InwiKhayb", "#BoycottCentrale", "#PasContent" read nothing,
/// as one unknown word. The calls of the 2018 Moroccan boycott (#مقاطعون,
/// "خليه يريب", "khalih yrib", "boycottez") read nothing either.
#[test]
fn camelcase_hashtags_split_and_boycott_calls_read() {
    check_labels(&[
        ("#InwiKhayb", -1),
        ("#BoycottCentrale", -1),
        ("#PasContent de mon opérateur", -1),
        ("Service au top #InwiZwin", 1),
        ("#مقاطعون", -1),
        ("خليه يريب", -1),
        ("#خليه_يريب", -1),
        ("rana mqat3in, khalih yrib", -1),
        ("boycottez ce produit", -1),
        ("نقاطعو سنطرال", -1),
        // "قاطع" alone is also "decisive": a conclusive proof is no boycott
        ("دليل قاطع", 0),
    ]);
    // A hashtag the lexicon knows whole stays whole; a one-letter part
    // ("#iPhone") is no reason to split.
    assert_eq!(s("#EpicFail").terms[0].term, "EpicFail");
    let toks = super::tokenize::tokenize("#iPhone #InwiKhayb", None);
    let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
    assert_eq!(words, ["iPhone", "Inwi", "Khayb"]);
}

/// Darija glues في + ال to the noun ("زيادة فالفاتورة", a rise in the bill)
/// and says a rise with its own verbs (زادو, ziyada). Regression: a
/// customer's "كل شهر زيادة فالفاتورة" read nothing.
#[test]
fn darija_bill_rises_read_as_price_rises() {
    for text in [
        "كل شهر زيادة فالفاتورة",
        "زادو فالأسعار بلا ما يقولو لينا",
        "ziyada f lfatora kol chhar",
    ] {
        let sc = s(text);
        assert_eq!(sc.label, -1, "{text:?}: {sc:?}");
        assert!(sc.terms[0].why.contains("price to customers up"), "{sc:?}");
    }
}

/// A remedy reverses its object only once it is done. Regressions: a
/// request read as good news ("Merci de régler ce problème" +0.23, "please
/// fix this problem", "المرجو حل هذا المشكل" positive), and a remedy told
/// after its object or as "réglé" (which folds to "regle", the noun "règle")
/// was missed, so "le souci est réglé, merci" read as ironic thanks (−0.54).
/// A remedy in a question read as done ("Pouvez-vous me dire si le problème
/// est résolu ?" +0.08).
#[test]
fn remedies_asked_for_leave_the_problem_and_done_ones_remedy_it() {
    check_labels(&[
        // asked for, or needed: the problem is still there
        ("Merci de régler ce problème", -1),
        ("Veuillez résoudre ce problème svp", -1),
        ("il faut régler le problème du réseau", -1),
        ("please fix this problem", -1),
        ("you need to fix this problem", -1),
        ("can you fix this problem please", -1),
        // promised, not done
        ("j'espère qu'ils vont régler ce problème", -1),
        ("they will fix the problem soon", -1),
        ("المرجو حل هذا المشكل", -1),
        // asked about: a question
        ("Pouvez-vous me dire si le problème est résolu ?", -1),
        ("Avez-vous réparé la panne ?", -1),
        // done, before or after the problem
        ("merci d'avoir réglé le souci rapidement", 1),
        ("le souci est réglé, merci", 1),
        ("Mon problème a été résolu rapidement, merci", 1),
        ("thanks, the problem was fixed quickly!", 1),
        ("thanks for fixing the problem", 1),
        // the problem named with its complement
        (
            "Mon souci de carte bancaire a été résolu dès le lendemain",
            1,
        ),
        ("Il faudrait qu'ils règlent ces coupures à répétition", -1),
        // failed at (batch 58): "فاشلة في حل" read the crisis solved
        ("الحكومة فاشلة في حل أزمة البطالة", -1),
        ("الحكومة عاجزة عن حل المشكل", -1),
        ("they failed to fix the problem", -1),
        // a remedy denied or still awaited stays a complaint
        ("le problème n'est toujours pas réglé", -1),
        ("le problème n'est pas réglé", -1),
        ("the problem is still not fixed", -1),
        // the noun "règle" is no remedy
        ("les règles du jeu ont changé", 0),
    ]);
    // A remedy neither asked for nor denied still reads as one, and "can"
    // asks only with "you".
    assert!(s("résoudre les problèmes de réseau").score > 0.0);
    assert_eq!(s("They can fix any problem, amazing team").label, 1);
    let sc = s("le souci est réglé");
    assert!(sc.terms[0].why.contains("object of réglé"), "{sc:?}");
    // A remedy phrase in a question asks whether it came: no good news.
    for q in [
        "is the problem fixed yet?",
        "Avez-vous enfin réglé le problème ?",
    ] {
        let sc = s(q);
        assert!(sc.label <= 0, "{q:?} -> {sc:?}");
        assert!(
            sc.terms.iter().any(|t| t.why.contains("asked, not said")),
            "{sc:?}"
        );
    }
}

/// Arabizi words are read by their consonant skeleton, so a common word with no
/// tone can meet a rated one that shares its frame: the eye (3in) read −2.0
/// through 3yan (tired), the card (karta) −3.0 through karita (disaster). This
/// list of everyday Darija words (pronouns, places, food, things, verbs of
/// moving and saying) must read nothing; an entry that breaks it needs an
/// exact "=word" neutralisation in ary_latn.tsv, or a spelling of its own.
#[test]
fn common_toneless_arabizi_words_read_nothing() {
    let words = [
        "ana",
        "nta",
        "nti",
        "howa",
        "hiya",
        "7na",
        "ntoma",
        "homa",
        "dyal",
        "dial",
        "diali",
        "dyali",
        "dyalek",
        "dyalo",
        "dyalha",
        "dyalna",
        "wach",
        "wa9ila",
        "fin",
        "fen",
        "imta",
        "chkoun",
        "chkon",
        "chno",
        "chnou",
        "ach",
        "3lach",
        "kifach",
        "kif",
        "bach",
        "hit",
        "7it",
        "7ta",
        "m3a",
        "f",
        "fi",
        "b",
        "l",
        "men",
        "mn",
        "3la",
        "3end",
        "3ndi",
        "3ndek",
        "3ndo",
        "had",
        "hadi",
        "hada",
        "hadak",
        "hadik",
        "hadou",
        "dak",
        "dik",
        "daba",
        "db",
        "ghda",
        "lbar7",
        "lyoum",
        "lyom",
        "nhar",
        "lil",
        "lila",
        "sba7",
        "3chiya",
        "sa3a",
        "l9ahwa",
        "lwe9t",
        "lwa9t",
        "dar",
        "darna",
        "bit",
        "tomobil",
        "tonobil",
        "taxi",
        "tran",
        "khdma",
        "khedma",
        "lkhedma",
        "flous",
        "lflous",
        "drahem",
        "l3a2ila",
        "mama",
        "baba",
        "khoya",
        "khti",
        "khouya",
        "sa7bi",
        "sahbi",
        "s7abi",
        "9alb",
        "9albi",
        "ras",
        "rasi",
        "yed",
        "3in",
        "3inin",
        "lma",
        "khobz",
        "atay",
        "9ahwa",
        "makla",
        "bghit",
        "bgha",
        "bghat",
        "kan",
        "kant",
        "kanet",
        "kayn",
        "kayna",
        "kaynin",
        "makaynch",
        "gal",
        "galt",
        "goulti",
        "gali",
        "chouf",
        "chof",
        "chofti",
        "chft",
        "sme3",
        "sm3t",
        "ji",
        "mcha",
        "mchit",
        "dkhel",
        "dkhelt",
        "khrej",
        "khrejt",
        "kteb",
        "9ra",
        "9rit",
        "n3ss",
        "nod",
        "sir",
        "aji",
        "3tini",
        "khoud",
        "jib",
        "rje3",
        "tsna",
        "3ref",
        "3reft",
        "fhem",
        "fhemt",
        "ch7al",
        "bch7al",
        "chi",
        "ga3",
        "kolchi",
        "wa7ed",
        "jouj",
        "tlata",
        "rb3a",
        "khamsa",
        "mya",
        "alf",
        "derb",
        "mdina",
        "zen9a",
        "7anout",
        "souk",
        "lmdrassa",
        "ostad",
        "tlamid",
        "tilifoun",
        "portable",
        "recharge",
        "forfait",
        "rizo",
        "internet",
        "lkora",
        "match",
        "l3ib",
        "lmoudir",
        "lbank",
        "lkarta",
        "sim",
        "puce",
        "douane",
        "lprix",
        "taman",
        "swal",
        "jwab",
        "lyouma",
        "lba3d",
        "ba3d",
        "9bel",
        "b3d",
        "mazal",
        "deja",
        "wla",
        "ola",
        "ila",
        "ida",
        "walakin",
        "ghir",
        "sf",
        "safi",
        "yallah",
        "wakha",
        "iyeh",
        "la",
        "eh",
        "salam",
        "slm",
        "bslama",
        "lah",
        "llah",
        "nchallah",
        "inchallah",
        "3lih",
        "3liha",
        "3lihom",
        "lik",
        "likom",
        "lih",
        "liha",
        "fih",
        "fiha",
        "fihom",
        "bih",
        "biha",
        "3liya",
        "liya",
        "fiya",
        "biya",
        "mni",
        "mnha",
        "mno",
        "ktar",
        "9lil",
        "kter",
        "9el",
        "jdid",
        "9dim",
        "kbir",
        "sghir",
        "twil",
        "9sir",
        "b3id",
        "9rib",
        "lfou9",
        "lte7t",
        "lwest",
        "lbra",
        "dakhel",
        "kharej",
        "lmakla",
        "l7out",
        "djaj",
        "l7em",
        "khodra",
        "tomatich",
        "zit",
        "sokar",
        "lbe7r",
        "jbel",
        "lghaba",
        "chta",
        "chems",
        "sma",
        "l3id",
        "rmdan",
        "ftour",
        "s7our",
        "l3ers",
        "l3roussa",
        "l3aris",
        "mra",
        "rajel",
        "wlad",
        "bnat",
        "drari",
        "tfel",
        "tfla",
        "jiran",
        "jar",
        "l7oma",
        "patron",
        "lmo3alim",
        "tbib",
        "sbitar",
        "dwa",
        "l9raya",
        "lfac",
        "jami3a",
        "imti7an",
        "natija",
        "lbac",
        "l7okouma",
        "lbaladiya",
        "l9aid",
        "lbolis",
        "lmogaddem",
        "lwali",
        "lkhadma",
        "khdamin",
        "lboutique",
        "l7anout",
        "lmarchi",
        "lkar",
        "lotobis",
        "tramway",
        "trane",
        "lmatar",
        "tyara",
        "lbabor",
        "lmersa",
        "lmaktab",
        "lwra9",
        "lfatoura",
        "l7isab",
        "l7sab",
        "compte",
        "lkonta",
        "solde",
        "rasid",
        "lma3loumat",
        "msaj",
        "l3adad",
        "nemra",
        "numero",
        "lkhat",
        "ligne",
        "lappli",
        "site",
        "tsawer",
        "tswira",
        "lfilm",
        "lghina",
        "lklam",
        "lhadra",
    ];
    let hits: Vec<String> = words
        .iter()
        .filter_map(|w| {
            let sc = s(&format!("wach {w} kayn daba"));
            (!sc.terms.is_empty()).then(|| format!("{w}: {:?}", sc.terms))
        })
        .collect();
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn arabic_morning_greets_but_tells_the_time_in_the_news() {
    check_labels(&[
        ("صباح الخير على الجميع", 1),
        ("مساء الخير وجوه الخير", 1),
        ("أمطار رعدية متوقعة صباح الغد على المناطق الشمالية", 0),
        ("تستمر الاضطرابات حتى مساء الخميس", 0),
        ("انطلقت المباراة على الساعة 4 صباحا بتوقيت المغرب", 0),
    ]);
}

#[test]
fn model_codes_are_no_arabizi() {
    // Regression: in an Arabic post the Latin "S7" (a phone) was read as the
    // Darija sa7 (+0.8).
    assert!(
        s("طريقة تغيير خطوط النظام في جهاز Galaxy S7")
            .terms
            .is_empty()
    );
    // Arabizi in lower case is still read.
    assert_eq!(s("3ndk s7 a khoya").label, 1);
    // A phrase holding a code still matches.
    assert_eq!(s("Depuis ce matin la 4G ne passe plus").label, -1);
}

#[test]
fn arabic_support_is_a_relation_not_a_tone() {
    check_labels(&[
        ("الصين تدعم الموقف الروسي في سورية", 0),
        ("قطر تدعم داعش حسب التسريبات", -1),
    ]);
}

#[test]
fn denied_verb_takes_the_praise_word_after_it() {
    // Regression: the listed denial used up its negator, so the adverb after
    // it read as praise ("ma kat5demch mzyan" scored positive).
    check_labels(&[
        ("Zwin had l'app walakin ma kat5demch mzyan", -1),
        ("ما خدامش مزيان هاد التطبيق", -1),
        ("Depuis la mise à jour ça ne marche pas bien", -1),
    ]);
    let sc = s("ma khdamach bzaf mzyan");
    assert!(sc.terms.iter().all(|t| t.weight < 0.0), "{sc:?}");
    // Praise in a sentence of its own is not taken.
    assert_eq!(
        s("L'appli ne marche pas. Le service client, super.")
            .terms
            .len(),
        2
    );
}

#[test]
fn praise_in_a_question_is_asked_more_than_said() {
    let said = s("Le nouveau forfait est bien.");
    let asked = s("Le nouveau forfait est bien ?");
    assert!(
        asked.score > 0.0 && asked.score < said.score,
        "{said:?} {asked:?}"
    );
    assert!(
        hit(&asked, "bien").why.contains("in a question"),
        "{asked:?}"
    );
    // English band: a lone "good" asked about is no verdict.
    assert_eq!(s("Is the new plan any good?").label, 0);
    // Complaints asked are complaints.
    assert_eq!(s("Pourquoi c'est si lent ?").label, -1);
    assert_eq!(
        hit(&s("Pourquoi c'est si lent ?"), "lent").weight,
        hit(&s("C'est si lent."), "lent").weight
    );
    // An emoji after the question mark does not hide it; a question earlier
    // in the post does not reach the praise after it.
    assert!(
        hit(&s("C'est bien ? 🤔"), "bien")
            .why
            .contains("in a question")
    );
    assert!(
        !hit(&s("Vous avez testé ? C'est bien."), "bien")
            .why
            .contains("question")
    );
}

#[test]
fn thanks_that_ask_are_requests_not_praise() {
    // Regression: "Merci de me rappeler" read +2.5, the written form of a
    // request read as thanks.
    for text in [
        "Merci de me rappeler au plus vite",
        "merci d'intervenir rapidement",
        "Merci de bien vouloir me rembourser",
        "Merci d'avance pour votre retour",
        "Thanks in advance for your help",
    ] {
        let sc = s(text);
        assert!(
            sc.terms.iter().all(|t| {
                let t = t.term.to_lowercase();
                !t.starts_with("merci") && !t.starts_with("thank") && t != "bien"
            }),
            "{text:?} -> {sc:?}"
        );
    }
    // Thanks for something done, or for something of yours, still thank.
    for text in [
        "Merci de votre réponse",
        "Merci d'avoir répondu si vite",
        "Merci de nous avoir accueillis",
    ] {
        assert_eq!(s(text).label, 1, "{text:?}");
    }
    // A complaint that closes with a request stays a complaint.
    assert_eq!(s("Coupure depuis 3 jours. Merci de me rappeler.").label, -1);
}

#[test]
fn leaving_for_a_competitor_and_no_shows_are_complaints() {
    check_labels(&[
        ("Je change d'opérateur, j'en ai assez", -1),
        ("Je passe chez la concurrence le mois prochain", -1),
        ("I'm switching to another provider", -1),
        ("I'm cancelling my subscription", -1),
        ("The technician didn't show up", -1),
        ("كنتسنى من الصباح ومحد جاوب", -1),
        ("بغيت نلغي الاشتراك ديالي", -1),
        ("Wallah ma 3reft ach ndir m3akom", -1),
        ("lconnexion t9ila bzaf", -1),
    ]);
}

#[test]
fn no_trouble_is_praise_in_customer_posts() {
    check_labels(&[
        ("No issues so far", 1),
        ("Never had a problem with them", 1),
        ("They sorted it out within the hour", 1),
        ("Rien à signaler, tout fonctionne", 1),
    ]);
    // Darija "never" with its subject glued negates like 3mri: it never froze.
    let sc = s("ma3mrni tbloka lia");
    assert!(
        sc.score >= 0.0 && hit(&sc, "tbloka").why.contains("negated"),
        "{sc:?}"
    );
}

/// "قمة" is the peak of whatever follows it, praise or scorn, and a summit
/// before a name: it read +2.5 everywhere, so "قمة التخلف" (the height of
/// backwardness) came out mixed and "قمة هلسنكي" (batch 58) praise.
#[test]
fn arabic_peak_boosts_what_follows() {
    check_labels(&[
        ("ترامب يلتقي بوتين في قمة هلسنكي", 0),
        ("قمة التخلف البشري", -1),
        ("فيلم في قمة الروعة", 1),
    ]);
    assert!(
        hit(&s("قمة التخلف البشري"), "التخلف")
            .why
            .contains("×1.4 قمة")
    );
}

/// Darija "حتى" / "7ta" after a negation is "not a single" (batch 59):
/// "ما كاين حتى جواب" (not a single reply) read nothing, and its Arabizi
/// spelling, once listed, was negated by the "makayn" that belongs to it.
#[test]
fn darija_not_a_single_reply() {
    check_labels(&[
        ("شحال من مرة شكيت وما كاين حتى جواب", -1),
        ("ch7al mn mra chkit w makayn 7ta jawab", -1),
        ("ma jawbouni hta jawab", -1),
    ]);
    let sc = s("makayn 7ta jawab");
    assert!(
        hit(&sc, "7ta jawab").why.find("negated").is_none(),
        "{sc:?}"
    );
    assert_eq!(sc.lang, "ary-latn");
}

/// Batch 60 (Moroccan customers writing French; 33 of 40 right on first
/// sight): "je suis conquise" read −1.5 from vaderSentiment-fr's
/// "conquered", and an outage, a damaged parcel, an unusable app and a
/// charge for a service never activated read nothing.
#[test]
fn batch_60_french_customer_posts() {
    check_labels(&[
        (
            "Première commande chez Glovo et livré en 20 min, je suis conquise",
            1,
        ),
        (
            "ça fait 3 jours que je n'ai plus d'internet, personne ne se déplace",
            -1,
        ),
        (
            "Inwi m'a prélevé 50 dh pour un service que je n'ai jamais activé",
            -1,
        ),
        ("Le colis est arrivé abîmé", -1),
        (
            "Application inutilisable depuis la mise à jour, elle se ferme toute seule",
            -1,
        ),
        ("Le service client me renvoie vers le transporteur", -1),
    ]);
}

/// Batch 61 (French customer posts; 33 of 40 right on first sight): praise
/// of professionalism thrown back at a rude service was read as sincere,
/// and a goodwill gesture, "très pro" and a problem taken in hand read
/// nothing or as the problem alone.
#[test]
fn batch_61_french_customer_service() {
    check_labels(&[
        (
            "Le conseiller m'a raccroché au nez, très professionnel bravo 👏",
            -1,
        ),
        ("Personnel très professionnel et accueil chaleureux", 1),
        (
            "Merci pour la réactivité, le souci a été pris en charge immédiatement",
            1,
        ),
        (
            "J'ai eu un geste commercial après ma réclamation, c'est appréciable",
            1,
        ),
        (
            "Installation de la fibre faite en une heure, technicien très pro",
            1,
        ),
        (
            "Trois appels, trois réponses différentes. Personne ne sait rien chez vous",
            -1,
        ),
    ]);
    let sc = s("Le conseiller m'a raccroché au nez, très professionnel bravo 👏");
    assert!(
        hit(&sc, "très professionnel").why.contains("ironic"),
        "{sc:?}"
    );
}

/// English news of a harm that falls is good news, as in French ("le
/// chômage baisse"): "unemployment fell" read −1.9. The present forms are
/// nouns as often ("I hate fall"), and a passive refuses ("my claim was
/// declined").
#[test]
fn english_harm_that_falls_is_good_news() {
    for text in [
        "unemployment fell sharply last year",
        "poverty has fallen in the region",
    ] {
        let sc = s(text);
        assert!(sc.score > 0.0, "{text:?} -> {sc:?}");
    }
    check_labels(&[
        ("I hate fall", -1),
        ("my claim was declined, awful service", -1),
    ]);
    let sc = s("death rates fall to lowest level");
    assert!(hit(&sc, "death").why.contains("object of fall"), "{sc:?}");
    assert!(sc.terms.iter().all(|t| t.weight >= 0.0), "{sc:?}");
}

/// An independent annotator's English batch (40 posts, 28 right on first
/// sight, VADER 23): verdicts and slang the lists lacked or misread.
#[test]
fn english_verdicts_and_slang() {
    check_labels(&[
        (
            "Refs completely robbed us tonight. Absolute joke of a call in the 89th minute 😤",
            -1,
        ),
        (
            "These running shoes are lowkey the comfiest thing I own, no cap",
            1,
        ),
        (
            "Can't stop playing the new Zelda. Easily game of the year for me.",
            1,
        ),
        ("Federal Reserve leaves interest rates unchanged", 0),
        ("Factory closure leaves 1,200 workers without jobs", -1),
    ]);
}

/// An independent annotator's Darija batch (60 posts, 52 right on first
/// sight). Regressions: the eye-roll and the unamused face beside praise
/// were not read as sarcasm ("bravo 👏🙄" after a delay read +0.7); an
/// Arabizi remedy ("7lat lia lmochkil", solved my problem) was not read,
/// so the thanks after it turned ironic; Darija prices that "went up"
/// (طلعات) and food "na9sa" (short) read nothing.
#[test]
fn darija_sarcasm_remedies_and_prices() {
    check_labels(&[
        (
            "برافو لارام، الطيارة تعطلات غير 5 ساعات، خدمة ممتازة بصح 👏😒",
            -1,
        ),
        (
            "zwin l service dyal l'ONCF, retard dyal sa3a kol nhar, bravo 👏🙄",
            -1,
        ),
        (
            "kont ghadi nbdel l bank walakin l agence 7lat lia lmochkil f nhar, chapeau",
            1,
        ),
        ("lmochkil mazal ma t7elch", -1),
        (
            "الأسعار فمرجان طلعات بزاف، ما بقيناش قادرين نشريو حتى الخضرة",
            -1,
        ),
        ("glovo jabli lmakla barda w na9sa, jamais encore", -1),
        (
            "كنت خايف نكوموندي من جوميا ولكن وصلاتني فالوقت والسلعة أصلية",
            1,
        ),
    ]);
    // Without the mark, praise beside a complaint is taken as meant.
    assert_eq!(
        s("retard d'une heure mais personnel aimable et rapide, bravo").label,
        1
    );
}

/// "Never ... so X" says X at its height: "J'ai jamais été aussi mal reçu"
/// read +0.1, the "mal" negated by "jamais". A comparison stays denied
/// ("never as good as the first one").
#[test]
fn never_so_bad_is_not_a_denial() {
    check_labels(&[
        (
            "J'ai jamais été aussi mal reçu dans une agence bancaire",
            -1,
        ),
        ("je n'ai jamais vu un service aussi nul", -1),
        ("never been so disappointed in a brand", -1),
        ("never as good as the first one", -1),
        ("je ne suis jamais déçu", 1),
        (
            "Encore une réforme annoncée sans consulter les profs. On connait la suite...",
            -1,
        ),
    ]);
    let sc = s("jamais été aussi content");
    assert!(sc.terms[0].why.find("negated").is_none(), "{sc:?}");
    assert_eq!(sc.label, 1);
}

/// Hyphenated lexicon entries were never met: the tokeniser splits at the
/// hyphen, but "sous-payés", "non-sens", "chef-d'œuvre" (and 70 entries of
/// the imported lists) were filed as single words. They are phrases now.
#[test]
fn hyphenated_entries_are_read() {
    for (text, term) in [
        ("des coursiers sous-payés", "sous-payés"),
        ("c'est un non-sens", "non-sens"),
        ("un chef-d'œuvre", "chef-d'œuvre"),
        ("ras-le-bol de ces coupures", "ras-le-bol"),
    ] {
        let sc = s(text);
        assert!(
            sc.terms.iter().any(|t| t.term == term),
            "{text:?} -> {sc:?}"
        );
        // the parts are not read on their own ("sous", "chef", "sens")
        assert!(
            !sc.terms
                .iter()
                .any(|t| term.starts_with(&*t.term) && t.term != term)
        );
    }
}

/// A verb of liking whose object is a complaint is sarcasm: "Merci la RATP,
/// on adore poireauter 45 min sur le quai" read +0.5 after a breakdown
/// (annotator batch of French tweets).
#[test]
fn loving_a_complaint_is_sarcasm() {
    check_labels(&[
        (
            "RER B en panne pour la 3e fois cette semaine. Merci la RATP, on adore poireauter 45 min sur le quai",
            -1,
        ),
        ("Love paying for nothing", -1),
        ("J'adore la mauvaise foi de ce gouvernement", -1),
        // a liking with sincere company stays sincere
        ("j'adore les fraises mais je déteste attendre", -1),
        ("j'adore ce quartier, calme et propre", 1),
    ]);
    let sc = s("Love paying for nothing");
    assert!(hit(&sc, "Love").why.contains("ironic"), "{sc:?}");
}

/// Annotator batches of Moroccan tweets and YouTube comments (60 each; 50
/// and 49 right on first sight). Regressions: باركا (enough!) read as بارك
/// (bless) +1.5; "not even a laugh" (حتى ضحكة ما جاتني) put its negation
/// after the word, where Arabic negation was not looked for; a viewer who
/// stopped watching, "ma t7bsch" (don't stop) and a party's name
/// (العدالة والتنمية, +1.5 from "justice") read the wrong way or not at all.
#[test]
fn moroccan_comments_and_news() {
    check_labels(&[
        ("سكيتش باسل، حتى ضحكة ما جاتني", -1),
        ("hta d7ka ma jatni f had sketch", -1),
        ("باركا من الروتين اليومي والتفلية", -1),
        ("الفيديو كلو إشهار، ما بقيتش نتفرج فيك", -1),
        ("lvideo kamla sponsor, ma b9itch ntfrj fik", -1),
        (
            "kantsna les vidéos dyalk kol jem3a, ma t7bsch lah ykhlik",
            1,
        ),
        (
            "هسبريس: حزب العدالة والتنمية يعقد دورة استثنائية لمجلسه الوطني نهاية الأسبوع",
            0,
        ),
        (
            "خسارة مؤلمة للوداد أمام فريق متواضع... الجمهور يستاهل أحسن من هادشي",
            -1,
        ),
    ]);
}

/// A fresh batch by an independent annotator, written after this session's
/// other rules (100 posts in four languages; 90 right with the scorer of
/// the session's start, 92 with the rules then in). Regressions: sarcasm
/// said outright (#sarcasme), English unemployment that falls read at a
/// shifter's weight (neutral), وحل (and solving) left the problem standing
/// so the thanks turned ironic, a power cut (قطع التيار) read nothing.
#[test]
fn held_out_mix_sarcasm_tag_falls_and_remedies() {
    check_labels(&[
        (
            "Bravo la banque, 45 minutes d'attente à l'agence pour un simple retrait... vraiment au top 👏👏 #sarcasme",
            -1,
        ),
        ("Unemployment falls to its lowest level in a decade", 1),
        (
            "شكراً جزيلاً لفريق خدمة العملاء على سرعة الاستجابة وحل المشكلة",
            1,
        ),
        ("قطع التيار للمرة الخامسة هذا الأسبوع", -1),
        (
            "ارتفاع أسعار المواد الغذائية يثقل كاهل الأسر مع اقتراب شهر رمضان",
            -1,
        ),
    ]);
    // the evening is a time of day, not a greeting
    assert!(
        s("الرجاء يواجه الوداد يوم الأحد على الساعة الثامنة مساء")
            .terms
            .is_empty()
    );
}

/// A last annotator batch of French tweets, written after the session's
/// other rules (49 of 60 with the start-of-session scorer, 50 with them).
/// Regressions: praise trailing off into an ellipsis after complaints was
/// taken as meant ("Merci @SNCF, vraiment au top...", "Quel succès..."),
/// and the "pas" of "un vrai pas en avant" denied "vrai".
#[test]
fn trailing_ellipsis_and_a_step_forward() {
    check_labels(&[
        (
            "Trois heures de retard sur le TER ce matin, aucune info en gare. Merci @SNCF, vraiment au top... #rasLeBol",
            -1,
        ),
        (
            "Bravo la réforme : mes enfants sont épuisés et les activités n'ont aucun intérêt. Quel succès...",
            -1,
        ),
        ("Super soirée hier... merci à tous", 1),
        (
            "Accord de Paris ratifié : c'est historique. Pas parfait, mais un vrai pas en avant pour le climat",
            1,
        ),
    ]);
    // getting something is no praise of it (vaderSentiment-fr: +2.4)
    assert!(s("Six mois pour obtenir un rendez-vous").terms.is_empty());
    let sc = s("un vrai pas en avant");
    assert!(hit(&sc, "vrai").why.find("negated").is_none(), "{sc:?}");
}
