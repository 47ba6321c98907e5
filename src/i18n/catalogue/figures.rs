//! The plots (titles, axes, notes) and the maps (titles, legends, credits).
//!
//! A part of the catalogue (see [`super`]): the macro calls `gather!` back with its entries.

macro_rules! figures {
    ([$($rest:ident)*] $($entries:tt)*) => {
        gather! { [$($rest)*] $($entries)*
            // Plots.
            ScreeTitle { en: "Eigenvalues (scree plot)", fr: "Valeurs propres (éboulis)" }
            Component { en: "Component", fr: "Composante" }
            Eigenvalue { en: "Eigenvalue", fr: "Valeur propre" }
            CumulativePct { en: "Cumulative %", fr: "% cumulé" }
            CumulativePctLower { en: "cumulative %", fr: "% cumulé" }
            EigenvalueOne { en: "eigenvalue = 1", fr: "valeur propre = 1" }
            LabelsDropped { en: "Labels left out for lack of room: {list}", fr: "Étiquettes omises faute de place : {list}" }
            CircleTitle { en: "Variables: correlation circle", fr: "Variables : cercle des corrélations" }
            BiplotTitle { en: "Biplot: schools and variables", fr: "Biplot : établissements et variables" }
            IndividualsTitle { en: "Schools: factor map", fr: "Établissements : plan factoriel" }
            ContribTitle { en: "Contributions of the variables to Dim {axis}", fr: "Contributions des variables à la Dim {axis}" }
            ContributionPct { en: "Contribution (%)", fr: "Contribution (%)" }
            UniformContrib { en: "uniform contribution ({pct} %)", fr: "contribution uniforme ({pct} %)" }
            DendrogramTitle { en: "Hierarchical tree (Ward), top", fr: "Arbre hiérarchique (Ward), sommet" }
            InertiaGain { en: "Inertia gain", fr: "Gain d'inertie" }
            WratioTitle { en: "Choice of k: W(k)/W(k-1)", fr: "Choix de k : W(k)/W(k-1)" }
            SilhouetteTitle { en: "Silhouette (mean {mean})", fr: "Silhouette (moyenne {mean})" }
            SilhouetteWidth { en: "silhouette width", fr: "largeur de silhouette" }
            ProfilesTitle { en: "Cluster profiles (v-tests)", fr: "Profils des classes (valeurs-tests)" }
            ProfilesNote {
                en: "Red: above the mean of all schools, blue: below; blank: not significant (5 %).",
                fr: "Rouge : au-dessus de la moyenne de l'ensemble, bleu : en dessous ; vide : non significatif (5 %).",
            }

            // Maps.
            MapClustersTitle { en: "Schools by cluster", fr: "Établissements par classe" }
            MapSelectedTitle { en: "Selected schools", fr: "Établissements retenus" }
            MapOrphansTitle { en: "Orphan schools", fr: "Établissements orphelins" }
            MapIndicatorTitle { en: "Schools by {what}", fr: "Établissements selon : {what}" }
            OtherSchools { en: "other schools", fr: "autres établissements" }
            EligibleNotSelected { en: "eligible, not selected", fr: "éligibles non retenus" }
            SelectedSchools { en: "selected", fr: "retenus" }
            OrphanAny { en: "orphan (at least one detector)", fr: "orphelins (un détecteur au moins)" }
            ChoroShareSelected { en: "Share of schools selected (%)", fr: "Part des établissements retenus (%)" }
            ChoroOrphans { en: "Orphan schools (at least one detector)", fr: "Établissements orphelins (un détecteur au moins)" }
            /// `{what}` is the indicator's label, which may itself name an aggregate ("Mean IPS"): the
            /// median comes after it, never as a second aggregate word before it.
            ChoroMedian { en: "{what} (median of the schools)", fr: "{what} (médiane des établissements)" }
            ByDepartement { en: "by département", fr: "par département" }
            ByAcademie { en: "by académie", fr: "par académie" }
            MapNoData { en: "no school analysed", fr: "aucun établissement analysé" }
            MapClassesJenks { en: "Class bounds by Jenks natural breaks; (n) = number of territories.", fr: "Classes : seuils naturels de Jenks ; (n) = nombre de territoires." }
            MapNoCoordinates { en: "{n} without coordinates", fr: "{n} sans coordonnées" }
            MapNotDrawn { en: "Schools not drawn: {list}.", fr: "Établissements non représentés : {list}." }
            MapNamesDropped { en: "{n} school names left out for lack of room.", fr: "{n} noms d'établissements omis faute de place." }
            MapCredit { en: "Outlines: {credit}. Lambert-93 projection.", fr: "Fonds de carte : {credit}. Projection Lambert-93." }
            MapInsets { en: "Overseas départements in insets, each at its own scale.", fr: "Départements d'outre-mer en encarts, chacun à sa propre échelle." }
        }
    };
}
