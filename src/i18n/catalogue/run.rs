//! The terminal summary of a run, and the messages of a run over several school levels (report and
//! terminal).
//!
//! Two parts of the catalogue (see [`super`]), each a macro calling `gather!` back with its entries:
//! `terminal` comes before the follow-up's messages, `levels` after them.

macro_rules! terminal {
    ([$($rest:ident)*] $($entries:tt)*) => {
        gather! { [$($rest)*] $($entries)*
            // Terminal.
            Summary {
                en: "{joined} rows joined, {analysed} analysed, {clusters}, {selected} selected; {files} files written to {dir}",
                fr: "{joined} lignes jointes, {analysed} analysées, {clusters}, {selected} retenus ; {files} fichiers écrits dans {dir}",
            }
            /// `{clusters}` of the summary lines.
            SummaryClusters { en: "{k} clusters", fr: "{k} classes" }
            NoClusteringOneIndicator {
                en: "no clustering (one active indicator)",
                fr: "pas de classification (un seul indicateur actif)",
            }
            NoClusteringTurnedOff {
                en: "no clustering (turned off: clustering.enabled = false)",
                fr: "pas de classification (désactivée : clustering.enabled = false)",
            }
            OpenReport { en: " (open report.html)", fr: " (ouvrir report.html)" }
            /// After the summary line when fewer schools are eligible than the budget.
            SummaryShortfall { en: " ({eligible} eligible < budget {n})", fr: " ({eligible} éligibles < enveloppe {n})" }
        }
    };
}

macro_rules! levels {
    ([$($rest:ident)*] $($entries:tt)*) => {
        gather! { [$($rest)*] $($entries)*
            // A run over several school levels.
            LevelsHeading { en: "School levels", fr: "Niveaux d'enseignement" }
            LevelsNote {
                en: "Each level is analysed and selected on its own, with its own indicators, thresholds and budget: a school is in one level's list only. Each level's part follows, with its list, maps and method.",
                fr: "Chaque niveau est analysé et sélectionné à part, avec ses indicateurs, ses seuils et son enveloppe : un établissement ne figure que sur la liste de son niveau. La partie de chaque niveau suit, avec sa liste, ses cartes et sa méthode.",
            }
            LevelsAnalysed { en: "Analysed", fr: "Analysés" }
            LevelsEligible { en: "Eligible", fr: "Éligibles" }
            LevelsShortfall { en: "Shortfall", fr: "Manque" }
            /// The summary line of one level of a run over several levels.
            SummaryLevel {
                en: "{level}: {joined} rows joined, {analysed} analysed, {clusters}, {selected} selected (budget {n})",
                fr: "{level} : {joined} lignes jointes, {analysed} analysées, {clusters}, {selected} retenus (enveloppe {n})",
            }
            SummaryLevels {
                en: "{levels} school levels, each analysed and selected apart; {files} files written to {dir}",
                fr: "{levels} niveaux d'enseignement, chacun analysé et sélectionné à part ; {files} fichiers écrits dans {dir}",
            }
        }
    };
}
