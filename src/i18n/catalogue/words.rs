//! Words used everywhere (yes, no, the colon, cluster, selected...) and the criterion labels of
//! the built-in preset.
//!
//! A part of the catalogue (see [`super`]): the macro calls `gather!` back with its entries.

macro_rules! words {
    ([$($rest:ident)*] $($entries:tt)*) => {
        gather! { [$($rest)*] $($entries)*
            // Words used everywhere.
            Yes { en: "yes", fr: "oui" }
            No { en: "no", fr: "non" }
            /// Separator between a label and what follows (French puts a space before the colon).
            Colon { en: ": ", fr: " : " }
            Missing { en: "missing", fr: "manquant" }
            /// Between items of a list of phrases.
            ListSeparator { en: "; ", fr: " ; " }
            National { en: "national", fr: "national" }
            AcademieNamed { en: "académie {name}", fr: "académie {name}" }
            DepartementNamed { en: "département {name}", fr: "département {name}" }
            Dim { en: "Dim", fr: "Dim" }
            Cluster { en: "cluster", fr: "classe" }
            ClusterN { en: "cluster {k}", fr: "classe {k}" }
            Selected { en: "selected", fr: "retenu" }
            Eligible { en: "eligible", fr: "éligible" }
            Other { en: "other", fr: "autre" }

            // Criterion labels of the built-in preset.
            LabelDisadvantaged { en: "disadvantaged: IPS", fr: "défavorisé : IPS" }
            LabelEquityAccess { en: "low equity: access rate 6e-3e", fr: "faible équité : taux d'accès 6e-3e" }
            LabelEquitySpread { en: "low equity: high IPS spread", fr: "faible équité : forte dispersion de l'IPS" }
            LabelEquitySuccess { en: "low equity: success rate", fr: "faible équité : taux de réussite" }
            LabelValueAdded { en: "value added null or negative", fr: "valeur ajoutée nulle ou négative" }
            LabelEpStatus { en: "EP status", fr: "statut EP" }
            LabelCluster { en: "cluster", fr: "classe" }
        }
    };
}
