//! The catalogue: every message in English and in French.
//!
//! Each entry is `Key { en: "…", fr: "…" }`; the macro will not accept an entry without both languages.
//! `{name}` marks a value filled in by [`Msg::f`]; both texts of an entry use the same names.

use super::Lang;

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $key:ident { en: $en:literal, fr: $fr:literal $(,)? } )*) => {
        /// A message of the catalogue (see the module documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $( $(#[$doc])* #[doc = $en] $key, )*
        }

        impl Msg {
            /// Every message, in declaration order.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The message's text in a language (placeholders left as `{name}`).
            pub fn t(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $(Msg::$key => $en,)* },
                    Lang::Fr => match self { $(Msg::$key => $fr,)* },
                }
            }
        }
    };
}

impl Msg {
    /// The message with its `{placeholders}` filled.
    pub fn f(self, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        super::fill(self.t(lang), args)
    }
}

catalogue! {
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

    // One school's explanation.
    StatMedian { en: "median", fr: "médiane" }
    StatMedianRep { en: "median of REP/REP+ schools", fr: "médiane des établissements REP/REP+" }
    StatQuantile { en: "{q} % quantile", fr: "quantile {q} %" }
    MeanOfSessions { en: "{what} (mean of {n} sessions)", fr: "{what} (moyenne de {n} sessions)" }
    OfSession { en: "{what} (session {session})", fr: "{what} (session {session})" }
    LineSessions { en: " (by session: {list})", fr: " (par session : {list})" }
    LineCluster { en: "{label}: cluster {c} among {chosen}: {yes}", fr: "{label} : classe {c} parmi {chosen} : {yes}" }
    LineEp { en: "{label}: {status} among {want}: {yes}", fr: "{label} : {status} parmi {want} : {yes}" }
    OutsideBudget {
        en: "outside the budget (rank {rank} > {n}): needs a score above {t} (+{d}) to enter",
        fr: "hors budget (rang {rank} > {n}) : il faudrait un score supérieur à {t} (+{d}) pour entrer",
    }
    NotEligibleFails { en: "not eligible: fails {list}", fr: "non éligible : ne remplit pas {list}" }
    NotInPopulation { en: "not in population: {reason}", fr: "hors population : {reason}" }
    ScoreRank { en: "score {score}, rank {rank}", fr: "score {score}, rang {rank}" }
    ScoreOnly { en: "score {score}", fr: "score {score}" }
    ExplainPopulation { en: "population: {yes}", fr: "population : {yes}" }
    ExplainEligible { en: "eligible: {yes}", fr: "éligible : {yes}" }
    ExplainSelected { en: "selected: {yes}", fr: "retenu : {yes}" }
    ExplainOrphans {
        en: "orphan detectors: threshold {threshold}, cluster {cluster}, neighbourhood {neighbourhood} (EP-likeness {likeness})",
        fr: "détecteurs d'orphelins : seuil {threshold}, classe {cluster}, voisinage {neighbourhood} (proximité EP {likeness})",
    }
    // Committee decisions.
    IncludedByDecision {
        en: "included by decision: {reason} ({author}, {date})",
        fr: "retenu par décision : {reason} ({author}, {date})",
    }
    ExcludedByDecision {
        en: "excluded by decision: {reason} ({author}, {date})",
        fr: "écarté par décision : {reason} ({author}, {date})",
    }
    // Allocation.
    AllocationTitle { en: "Allocation per school against IPS", fr: "Dotation par établissement selon l'IPS" }
    AllocConcentration { en: "concentration index C", fr: "indice de concentration C" }
    LorenzTitle { en: "Concentration of the envelope on need", fr: "Concentration de l'enveloppe sur les besoins" }
    LorenzX {
        en: "cumulative share of {size}s, schools from the lowest IPS",
        fr: "part cumulée des {size}s, établissements de l'IPS le plus bas au plus haut",
    }
    LorenzXNeed {
        en: "cumulative share of {size}s, schools from the highest need score",
        fr: "part cumulée des {size}s, établissements du besoin le plus fort au plus faible",
    }
    LorenzY { en: "cumulative share of the envelope", fr: "part cumulée de l'enveloppe" }
    LorenzEquality { en: "same amount per {size}", fr: "même dotation par {size}" }
    CapLorenz {
        en: "Concentration curve: above the diagonal, the least advantaged schools receive a larger share of the envelope than their share of the {size}s; C is the concentration index (negative: progressive)",
        fr: "Courbe de concentration : au-dessus de la diagonale, les établissements les moins favorisés reçoivent une part de l'enveloppe plus grande que leur part des {size}s ; C est l'indice de concentration (négatif : progressif)",
    }
    CapAllocation {
        en: "Amount per unit of size against IPS: one dot per school sharing the envelope",
        fr: "Dotation par unité de taille selon l'IPS : un point par établissement doté",
    }
    PerSize { en: "{unit} per {size}", fr: "{unit} par {size}" }
    UnitHours { en: "hours", fr: "heures" }
    UnitPosts { en: "posts", fr: "postes" }
    UnitEuros { en: "euros", fr: "euros" }
    SizePupil { en: "pupil", fr: "élève" }
    SizeClass { en: "class", fr: "classe" }
    SizeDivision { en: "division", fr: "division" }
    SizePupils { en: "number of pupils", fr: "nombre d'élèves" }
    SizeClasses { en: "number of classes", fr: "nombre de classes" }
    SizeDivisions { en: "number of divisions", fr: "nombre de divisions" }
    SizeColumn { en: "{what}, column “{column}”", fr: "{what}, colonne « {column} »" }
    DecisionsHeading { en: "Committee decisions", fr: "Décisions du comité" }
    DecisionsParagraph {
        en: "The committee included {included} school(s) and excluded {excluded} after the rules; each inclusion takes a place of the budget.",
        fr: "Le comité a retenu {included} établissement(s) et en a écarté {excluded} après application des règles ; chaque inclusion prend une place du budget.",
    }
    DecisionName { en: "School", fr: "Établissement" }
    DecisionColumn { en: "Decision", fr: "Décision" }
    DecisionReason { en: "Reason", fr: "Motif" }
    DecisionAuthor { en: "Author", fr: "Auteur" }
    DecisionDate { en: "Date", fr: "Date" }
    DecisionInclude { en: "included", fr: "retenu" }
    DecisionExclude { en: "excluded", fr: "écarté" }
    AllocationHeading { en: "Allocation of the envelope", fr: "Répartition de l'enveloppe" }
    AllocationParagraph {
        en: "An envelope of {amount} {unit} is shared among {schools} schools, {rule}: each school's weight is its coefficient times its size ({size}), and the amounts are proportional to the weights within a floor of {floor} and a cap of {cap}, rounded to {step} by the largest remainder so that they sum exactly to the envelope. A school never receives more than a needier school of the same size. Coefficient: {formula}.",
        fr: "Une enveloppe de {amount} {unit} est répartie entre {schools} établissements, {rule} : le poids de chaque établissement est son coefficient multiplié par sa taille ({size}), et les dotations sont proportionnelles aux poids, entre un plancher de {floor} et un plafond de {cap}, arrondies à {step} par la méthode des plus forts restes de sorte que leur somme soit exactement l'enveloppe. Un établissement ne reçoit jamais plus qu'un établissement plus en difficulté de même taille. Coefficient : {formula}.",
    }
    AllocRuleProportional { en: "in proportion to the need (a positive transform of the selection score)", fr: "proportionnellement au besoin (transformation positive du score de sélection)" }
    AllocRuleClasses { en: "by need classes, each with its coefficient", fr: "par classes de besoin, chacune avec son coefficient" }
    AllocRuleProgressive { en: "progressively with the IPS (a coefficient decreasing linearly between two IPS bounds)", fr: "de façon progressive selon l'IPS (coefficient décroissant linéairement entre deux bornes d'IPS)" }
    AllocAll { en: "all", fr: "ensemble" }
    AllocEnvelope { en: "Envelope", fr: "Enveloppe" }
    AllocSchools { en: "Schools", fr: "Établissements" }
    AllocTotal { en: "Total", fr: "Total" }
    AllocMedian { en: "{what}, median", fr: "{what}, médiane" }
    WhySector { en: "sector {found} (population: {wanted})", fr: "secteur {found} (population : {wanted})" }
    WhyAcademie { en: "académie {found} not in {wanted}", fr: "académie {found} hors de {wanted}" }
    WhyDepartement { en: "département {found} not in {wanted}", fr: "département {found} hors de {wanted}" }
    WhyEp {
        en: "{status} school (already supported by éducation prioritaire)",
        fr: "établissement {status} (déjà soutenu par l'éducation prioritaire)",
    }
    WhyHeadcount { en: "headcount {value} < {min}", fr: "effectif {value} < {min}" }

    // Criteria in one sentence each.
    OpLe { en: "at most", fr: "inférieur ou égal à" }
    OpLt { en: "below", fr: "inférieur à" }
    OpGe { en: "at least", fr: "supérieur ou égal à" }
    OpGt { en: "above", fr: "supérieur à" }
    SentenceFixed { en: "{var} {op} {value}", fr: "{var} {op} {value}" }
    SentenceRelative { en: "{var} {op} the {stat} of {within}", fr: "{var} {op} {stat} {within}" }
    SentenceMedian { en: "median", fr: "la médiane" }
    SentenceMedianRep { en: "median of the REP/REP+ schools", fr: "la médiane des établissements REP/REP+" }
    SentenceQuantile { en: "{q} % quantile", fr: "la valeur du quantile {q} %" }
    WithinNational { en: "all schools analysed", fr: "de tous les établissements analysés" }
    WithinAcademie { en: "its académie", fr: "de son académie" }
    WithinDepartement { en: "its département", fr: "de son département" }
    SentenceClusters { en: "in cluster {list}", fr: "dans la classe {list}" }
    SentenceLowestClusters { en: "in one of the {m} clusters lowest on axis 1", fr: "dans l'une des {m} classes les plus basses sur l'axe 1" }
    SentenceEp { en: "EP status among {list}", fr: "statut EP parmi {list}" }
    CombineAll { en: "Every criterion must hold:", fr: "Tous les critères doivent être remplis :" }
    CombineAny { en: "At least one criterion must hold:", fr: "Au moins un critère doit être rempli :" }
    ScoreAxis {
        en: "Eligible schools are ranked by need: minus their coordinate on axis {axis} (oriented to grow with IPS)",
        fr: "Les établissements éligibles sont classés par besoin : opposé de leur coordonnée sur l'axe {axis} (orienté dans le sens de l'IPS)",
    }
    ScoreWeights {
        en: "Eligible schools are ranked by a weighted sum of standardised indicators: {list}",
        fr: "Les établissements éligibles sont classés selon une somme pondérée d'indicateurs centrés réduits : {list}",
    }
    VariantQuantile { en: "rule {rule} ({var}) quantile {q}", fr: "règle {rule} ({var}) quantile {q}" }
    VariantValue { en: "rule {rule} ({var}) value {value}", fr: "règle {rule} ({var}) seuil {value}" }
    VariantEquity { en: "rule {rule} equity indicator {var} {op} {at}", fr: "règle {rule} indicateur d'équité {var} {op} {at}" }
    VariantAtQuantile { en: "its {q} % quantile", fr: "son quantile {q} %" }
    VariantSameThreshold { en: "the same threshold", fr: "le même seuil" }
    BudgetTotal { en: "{n} schools in all", fr: "{n} établissements au total" }
    BudgetPerAcademie { en: "{n} schools per académie", fr: "{n} établissements par académie" }
    BudgetPerDepartement { en: "{n} schools per département", fr: "{n} établissements par département" }
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
    ChoroMedian { en: "Median {what}", fr: "{what} (médiane)" }
    ByDepartement { en: "by département", fr: "par département" }
    ByAcademie { en: "by académie", fr: "par académie" }
    MapNoData { en: "no school analysed", fr: "aucun établissement analysé" }
    MapClassesJenks { en: "Class bounds by Jenks natural breaks; (n) = number of territories.", fr: "Classes : seuils naturels de Jenks ; (n) = nombre de territoires." }
    MapNoCoordinates { en: "{n} without coordinates", fr: "{n} sans coordonnées" }
    MapNotDrawn { en: "Schools not drawn: {list}.", fr: "Établissements non représentés : {list}." }
    MapNamesDropped { en: "{n} school names left out for lack of room.", fr: "{n} noms d'établissements omis faute de place." }
    MapCredit { en: "Outlines: {credit}. Lambert-93 projection.", fr: "Fonds de carte : {credit}. Projection Lambert-93." }
    MapInsets { en: "Overseas départements in insets, each at its own scale.", fr: "Départements d'outre-mer en encarts, chacun à sa propre échelle." }
    // The report.
    ReportTitle { en: "School selection", fr: "Sélection des établissements" }
    ReportTitleTerritory { en: "School selection — {territory}", fr: "Sélection des établissements — {territory}" }
    ReportSubtitle {
        en: "Made with ciblage {version}. Every figure is inside this file; it needs no network.",
        fr: "Produit avec ciblage {version}. Toutes les figures sont dans ce fichier ; il ne nécessite aucun réseau.",
    }
    DecisionHeading { en: "What was decided", fr: "Ce qui a été décidé" }
    Level { en: "Level", fr: "Niveau" }
    LevelLine { en: "{level}, {sector} sector", fr: "{level}, secteur {sector}" }
    LevelColleges { en: "collèges", fr: "collèges" }
    LevelLycees { en: "lycées", fr: "lycées" }
    LevelEcoles { en: "écoles", fr: "écoles" }
    LevelSchools { en: "schools", fr: "établissements" }
    LevelLyceesGt { en: "lycées généraux et technologiques", fr: "lycées généraux et technologiques" }
    LevelLyceesPro { en: "lycées professionnels", fr: "lycées professionnels" }
    SectorPublic { en: "public", fr: "public" }
    SectorPrivate { en: "private", fr: "privé" }
    SectorAll { en: "public and private", fr: "public et privé" }
    Territory { en: "Territory", fr: "Territoire" }
    AllTerritories { en: "every territory of the data", fr: "tous les territoires des données" }
    Budget { en: "Budget", fr: "Enveloppe" }
    SelectedHeading { en: "Selected", fr: "Retenus" }
    SelectedCount {
        en: "{n} schools selected among {eligible} eligible ({analysed} analysed)",
        fr: "{n} établissements retenus parmi {eligible} éligibles ({analysed} analysés)",
    }
    SelectedCountEcoles {
        en: "{n} écoles selected among {eligible} eligible ({analysed} analysed)",
        fr: "{n} écoles retenues parmi {eligible} éligibles ({analysed} analysées)",
    }
    SelectedCountColleges {
        en: "{n} collèges selected among {eligible} eligible ({analysed} analysed)",
        fr: "{n} collèges retenus parmi {eligible} éligibles ({analysed} analysés)",
    }
    SelectedCountLycees {
        en: "{n} lycées selected among {eligible} eligible ({analysed} analysed)",
        fr: "{n} lycées retenus parmi {eligible} éligibles ({analysed} analysés)",
    }
    Shortfall {
        en: "The budget is not met: {eligible} eligible < budget {n}.",
        fr: "L'enveloppe n'est pas atteinte : {eligible} éligibles < enveloppe {n}.",
    }
    OrphansNotComputed {
        en: "not computed: lycées are outside éducation prioritaire, so no REP/REP+ school to compare with",
        fr: "non calculés : les lycées sont hors éducation prioritaire, il n'y a pas d'établissement REP/REP+ de comparaison",
    }
    PcaSkipped {
        en: "PCA and clustering skipped: one indicator ({variables}); the schools are ranked on it directly.",
        fr: "ACP et classification non réalisées : un seul indicateur ({variables}) ; les établissements sont classés directement selon celui-ci.",
    }
    Criteria { en: "Criteria", fr: "Critères" }
    Orphans { en: "Orphan schools", fr: "Établissements orphelins" }
    OrphanLine {
        en: "{threshold} by the threshold detector (IPS at most the REP/REP+ median), {cluster} by the cluster detector, {neighbourhood} by the neighbourhood detector",
        fr: "{threshold} selon le détecteur à seuil (IPS au plus égal à la médiane des REP/REP+), {cluster} selon le détecteur de classe, {neighbourhood} selon le détecteur de voisinage",
    }
    DataVintages { en: "Data", fr: "Données" }
    DsIpsColleges { en: "IPS of collèges", fr: "IPS des collèges" }
    DsIpsEcoles { en: "IPS of écoles", fr: "IPS des écoles" }
    DsIpsLycees { en: "IPS of lycées", fr: "IPS des lycées" }
    DsIpsLegacy { en: "IPS (series before 2022)", fr: "IPS (série antérieure à 2022)" }
    DsIvac { en: "value added of collèges (IVAC)", fr: "valeur ajoutée des collèges (IVAC)" }
    DsIvalGt { en: "results of lycées GT (IVAL)", fr: "résultats des lycées GT (IVAL)" }
    DsIvalPro { en: "results of lycées professionnels (IVAL)", fr: "résultats des lycées professionnels (IVAL)" }
    DsSession { en: "{name}, session {p}", fr: "{name}, session {p}" }
    DsEp { en: "éducation prioritaire list", fr: "liste de l'éducation prioritaire" }
    DsAnnuaire { en: "directory of schools", fr: "annuaire de l'éducation" }
    DsGeoloc { en: "school coordinates", fr: "géolocalisation des établissements" }
    DownloadCsv { en: "Download the list (CSV)", fr: "Télécharger la liste (CSV)" }
    DownloadCsvNote {
        en: "selected schools and the next ones, with their indicators and explanation",
        fr: "établissements retenus et suivants, avec leurs indicateurs et leur explication ; format tableur français",
    }
    CsvFileName { en: "selection", fr: "selection" }
    ListHeading { en: "The selected schools", fr: "Les établissements retenus" }
    ListNote {
        en: "In rank order of need; a school's name leads to its explanation.",
        fr: "Par ordre de besoin ; le nom d'un établissement mène à son explication.",
    }
    NearMissHeading { en: "Just outside the budget", fr: "Juste hors enveloppe" }
    Rank { en: "Rank", fr: "Rang" }
    School { en: "School", fr: "Établissement" }
    Uai { en: "UAI", fr: "UAI" }
    DepartementHead { en: "Département", fr: "Département" }
    AcademieHead { en: "Académie", fr: "Académie" }
    EpHead { en: "EP", fr: "EP" }
    NeedScore { en: "Need score", fr: "Score de besoin" }
    MapsHeading { en: "Maps", fr: "Cartes" }
    MapSelectedWithoutCoordinates {
        en: "Selected schools without coordinates, not on the maps ({n}): {list}. They stay in the list and in selection.csv.",
        fr: "Établissements retenus sans coordonnées, absents des cartes ({n}) : {list}. Ils restent dans la liste et dans selection.csv.",
    }
    DetailsHeading { en: "Each school's explanation", fr: "L'explication de chaque établissement" }
    OrphanFlags {
        en: "orphan: threshold detector {threshold}, cluster detector {cluster}, neighbourhood detector {neighbourhood}",
        fr: "orphelin : détecteur à seuil {threshold}, détecteur de classe {cluster}, détecteur de voisinage {neighbourhood}",
    }
    BackToList { en: "Back to the list", fr: "Retour à la liste" }
    MethodHeading { en: "Method", fr: "Méthode" }
    AnalysedCounts {
        en: "{joined} schools in the joined files; {excluded} excluded by the filters; {dropped} left out for missing values; {analysed} analysed.",
        fr: "{joined} établissements dans les fichiers joints ; {excluded} exclus par les filtres ; {dropped} écartés pour valeurs manquantes ; {analysed} analysés.",
    }
    ThresholdsHeading { en: "Thresholds applied", fr: "Seuils appliqués" }
    FixedThreshold { en: "fixed", fr: "fixe" }
    Criterion { en: "Criterion", fr: "Critère" }
    Indicator { en: "Indicator", fr: "Indicateur" }
    Comparison { en: "Comparison", fr: "Comparaison" }
    TerritoryHead { en: "Territory", fr: "Territoire" }
    Threshold { en: "Threshold", fr: "Seuil" }
    PcaHeading { en: "Principal component analysis", fr: "Analyse en composantes principales" }
    PcaIntro {
        en: "The indicators are summarised by a normed PCA (as FactoMineR's); axis 1 is oriented to grow with IPS, so that a low coordinate means a disadvantaged school.",
        fr: "Les indicateurs sont résumés par une ACP normée (comme celle de FactoMineR) ; l'axe 1 est orienté dans le sens de l'IPS : une coordonnée basse signale un établissement défavorisé.",
    }
    PctVariance { en: "% of variance", fr: "% de variance" }
    CoordN { en: "coord. {k}", fr: "coord. {k}" }
    ContribN { en: "contrib. {k}", fr: "contrib. {k}" }
    VtestN { en: "v-test {k}", fr: "valeur-test {k}" }
    ClustersHeading { en: "Clusters", fr: "Classes" }
    ClustersIntro {
        en: "{k} clusters (sizes {sizes}); they hold {ratio} % of the inertia.",
        fr: "{k} classes (effectifs {sizes}) ; elles portent {ratio} % de l'inertie.",
    }
    ClusterHead { en: "Cluster", fr: "Classe" }
    Vtest { en: "v-test", fr: "valeur-test" }
    MeanInCluster { en: "mean in cluster", fr: "moyenne de la classe" }
    OverallMean { en: "overall mean", fr: "moyenne générale" }
    PValue { en: "p-value", fr: "p-valeur" }
    OrphansHeading { en: "Orphan schools", fr: "Établissements orphelins" }
    OrphansIntro {
        en: "Schools outside éducation prioritaire that look like REP/REP+ schools, by three detectors: IPS at most the median of the REP/REP+ schools of the territory; member of a cluster where REP/REP+ are over-represented; mostly REP/REP+ among the nearest schools in the PCA space.",
        fr: "Établissements hors éducation prioritaire qui ressemblent aux REP/REP+, selon trois détecteurs : IPS au plus égal à la médiane des REP/REP+ du territoire ; appartenance à une classe où les REP/REP+ sont surreprésentés ; majorité de REP/REP+ parmi les établissements les plus proches dans l'espace de l'ACP.",
    }
    Total { en: "Total", fr: "Total" }
    OrphanThreshold { en: "threshold", fr: "seuil" }
    OrphanCluster { en: "cluster", fr: "classe" }
    OrphanNeighbourhood { en: "neighbourhood", fr: "voisinage" }
    OrphanAllThree { en: "all three", fr: "les trois" }
    RobustnessHeading { en: "Robustness of the list", fr: "Robustesse de la liste" }
    BootstrapJaccard {
        en: "Mean Jaccard overlap of the lists drawn on bootstrap resamples with the main list: {j}.",
        fr: "Recouvrement de Jaccard moyen des listes tirées sur des rééchantillonnages bootstrap avec la liste principale : {j}.",
    }
    Variant { en: "Variant", fr: "Variante" }
    SelectedHead { en: "Selected", fr: "Retenus" }
    Jaccard { en: "Jaccard", fr: "Jaccard" }
    BalanceHeading { en: "Comparison schools and balance", fr: "Établissements de comparaison et équilibre" }
    BalanceNote {
        en: "Standardised mean differences between the selected schools and comparable schools not selected, before and after matching each selected school with its nearest comparable one.",
        fr: "Différences moyennes standardisées entre les établissements retenus et les établissements comparables non retenus, avant et après appariement de chaque établissement retenu avec son plus proche comparable.",
    }
    MeanSelected { en: "mean, selected", fr: "moyenne des retenus" }
    MeanComparable { en: "mean, comparable", fr: "moyenne des comparables" }
    SmdBefore { en: "SMD before", fr: "DMS avant" }
    MeanMatched { en: "mean, matched", fr: "moyenne des appariés" }
    SmdAfter { en: "SMD after", fr: "DMS après" }
    InputsHeading { en: "Input files", fr: "Fichiers d'entrée" }
    File { en: "File", fr: "Fichier" }
    Dataset { en: "Dataset", fr: "Jeu de données" }
    Period { en: "Period", fr: "Période" }
    Rows { en: "Rows", fr: "Lignes" }
    Kept { en: "Kept", fr: "Gardées" }
    Rejected { en: "Rejected", fr: "Rejetées" }
    OtherPeriods { en: "Other periods", fr: "Autres périodes" }
    Sha256 { en: "SHA-256 (start)", fr: "SHA-256 (début)" }
    Left { en: "Left", fr: "Gauche" }
    Right { en: "Right", fr: "Droite" }
    Join { en: "Join", fr: "Jointure" }
    Matched { en: "Matched", fr: "Appariées" }
    LeftOnly { en: "Left only", fr: "Gauche seule" }
    RightOnly { en: "Right only", fr: "Droite seule" }
    ConfigSummary { en: "Configuration of the run", fr: "Configuration de l'exécution" }
    Setting { en: "Setting", fr: "Paramètre" }
    Value { en: "Value", fr: "Valeur" }
    Credits {
        en: "Data: Ministère de l'Éducation nationale (DEPP, DGESCO), data.education.gouv.fr. Map outlines: IGN Admin Express (départements) and fr-en-contour-academies-2020 (académies). Licence Ouverte / Open Licence 2.0.",
        fr: "Données : ministère de l'Éducation nationale (DEPP, DGESCO), data.education.gouv.fr. Fonds de carte : IGN Admin Express (départements) et fr-en-contour-academies-2020 (académies). Licence Ouverte 2.0.",
    }

    // Captions of the run's figures.
    CapScree { en: "Eigenvalues: how much of the indicators' variance each axis carries.", fr: "Valeurs propres : part de la variance des indicateurs portée par chaque axe." }
    CapCircle { en: "Correlation circle: how the indicators relate to the first two axes.", fr: "Cercle des corrélations : lien des indicateurs avec les deux premiers axes." }
    CapIndividuals { en: "The schools on the first factor plane, by cluster and EP status; selected schools circled.", fr: "Les établissements sur le premier plan factoriel, par classe et statut EP ; établissements retenus cerclés." }
    CapBiplot { en: "Schools and indicators on the first factor plane.", fr: "Établissements et indicateurs sur le premier plan factoriel." }
    CapContrib { en: "Contributions of the indicators to axis 1.", fr: "Contributions des indicateurs à l'axe 1." }
    CapDendrogram { en: "Top of the Ward tree and the cut into clusters.", fr: "Sommet de l'arbre de Ward et coupure en classes." }
    CapWratio { en: "Choice of the number of clusters.", fr: "Choix du nombre de classes." }
    CapSilhouette { en: "Silhouette widths: how well each school sits in its cluster.", fr: "Largeurs de silhouette : qualité du rattachement de chaque établissement à sa classe." }
    CapProfiles { en: "What characterises each cluster (v-tests).", fr: "Ce qui caractérise chaque classe (valeurs-tests)." }
    MapUndrawnSelected {
        en: " {n} of the {of} selected schools have no coordinates in the inputs and are not drawn (écoles, lycées: give a coordinates file, e.g. the directory's geolocation).",
        fr: " {n} des {of} établissements retenus n'ont pas de coordonnées dans les fichiers et ne sont pas dessinés (écoles, lycées : donner un fichier de coordonnées, par exemple la géolocalisation de l'annuaire).",
    }
    MapUndrawnOrphans {
        en: " {n} of the {of} orphan schools have no coordinates in the inputs and are not drawn.",
        fr: " {n} des {of} établissements orphelins n'ont pas de coordonnées dans les fichiers et ne sont pas dessinés.",
    }
    MapUndrawnSchools {
        en: " {n} of the {of} schools analysed have no coordinates in the inputs and are not drawn.",
        fr: " {n} des {of} établissements analysés n'ont pas de coordonnées dans les fichiers et ne sont pas dessinés.",
    }
    CapMapSelected { en: "Selected and eligible schools.", fr: "Établissements retenus et éligibles." }
    CapMapOrphans { en: "REP/REP+ and orphan schools.", fr: "Établissements REP/REP+ et orphelins." }
    CapMapClusters { en: "Schools by cluster.", fr: "Établissements par classe." }
    CapChoro { en: "{what} {by}.", fr: "{what} {by}." }

    // Terminal.
    Summary {
        en: "{joined} rows joined, {analysed} analysed, {k} clusters, {selected} selected; {files} files written to {dir}",
        fr: "{joined} lignes jointes, {analysed} analysées, {k} classes, {selected} retenus ; {files} fichiers écrits dans {dir}",
    }
    OpenReport { en: " (open report.html)", fr: " (ouvrir report.html)" }
    /// After the summary line when fewer schools are eligible than the budget.
    SummaryShortfall { en: " ({eligible} eligible < budget {n})", fr: " ({eligible} éligibles < enveloppe {n})" }

    // ciblage follow: the follow-up report ("Suivi") and its figures.
    FollowTitle { en: "Follow-up of the followed schools", fr: "Suivi des établissements" }
    FollowHeading { en: "Follow-up", fr: "Suivi" }
    FollowSummary {
        en: "{followed} schools followed, {pairs} with a comparison school, over the sessions {sessions}.",
        fr: "{followed} établissements suivis, dont {pairs} avec un établissement de comparaison, sur les sessions {sessions}.",
    }
    FollowCaveatHeading { en: "Read the estimates with care", fr: "Lire les estimations avec prudence" }
    FollowCaveat {
        en: "Schools chosen because their value added was low tend to do better the next year whatever is done: part of a low result is bad luck that does not repeat (regression to the mean). Comparing the followed schools with themselves before entry would therefore show a gain that is not an effect of the scheme. This is why each followed school is compared with a school whose results were as low before entry, and why random lists of eligible schools, which received nothing, are estimated the same way (placebo): an effect they show too is not an effect of the scheme.",
        fr: "Des établissements choisis parce que leur valeur ajoutée était basse tendent à faire mieux l'année suivante quoi qu'on fasse : une partie d'un résultat bas tient au hasard, qui ne se répète pas (régression vers la moyenne). Comparer les établissements suivis à eux-mêmes avant l'entrée montrerait donc un gain qui n'est pas un effet du dispositif. C'est pourquoi chaque établissement suivi est comparé à un établissement dont les résultats étaient aussi bas avant l'entrée, et pourquoi des listes tirées au hasard parmi les éligibles, qui n'ont rien reçu, sont estimées de la même façon (placebo) : un effet qu'elles montrent aussi n'est pas un effet du dispositif.",
    }
    FollowPlacebo {
        en: "Placebo ({outcome}, first session under the scheme): {covering} of {runs} random lists of eligible schools have a 95 % interval covering 0 (about 95 % expected); their estimates range from {low} to {high}.",
        fr: "Placebo ({outcome}, première session du dispositif) : {covering} des {runs} listes tirées au hasard parmi les éligibles ont un intervalle à 95 % contenant 0 (environ 95 % attendus) ; leurs estimations vont de {low} à {high}.",
    }
    FollowNoPlacebo { en: "No placebo was run (--placebo N draws N random lists).", fr: "Aucun placebo n'a été tiré (--placebo N tire N listes au hasard)." }
    FollowEstimates { en: "Estimated effects (difference in differences)", fr: "Effets estimés (double différence)" }
    FollowEstimatesNote {
        en: "Per outcome and number of sessions since entry: the change of the followed schools minus that of their comparison schools since the last session before entry; negative times are the pre-entry check (near 0 when the groups moved alike before).",
        fr: "Par indicateur et nombre de sessions depuis l'entrée : l'évolution des établissements suivis moins celle de leurs établissements de comparaison depuis la dernière session avant l'entrée ; les temps négatifs sont la vérification avant l'entrée (proche de 0 quand les groupes évoluaient de même).",
    }
    ColOutcome { en: "Indicator", fr: "Indicateur" }
    ColEventTime { en: "Sessions since entry", fr: "Sessions depuis l'entrée" }
    ColEffect { en: "Effect", fr: "Effet" }
    ColInterval { en: "95 % interval", fr: "Intervalle à 95 %" }
    ColPairs { en: "Pairs", fr: "Paires" }
    ColMeanFollowed { en: "Mean, followed", fr: "Moyenne, suivis" }
    ColSdFollowed { en: "SD, followed", fr: "Écart-type, suivis" }
    ColMeanComparison { en: "Mean, comparison", fr: "Moyenne, comparaison" }
    ColSdComparison { en: "SD, comparison", fr: "Écart-type, comparaison" }
    ColSmd { en: "Standardised difference", fr: "Différence standardisée" }
    ColRole { en: "Role", fr: "Rôle" }
    ColSessions { en: "Sessions", fr: "Sessions" }
    ColReason { en: "Reason", fr: "Raison" }
    FollowBalance { en: "Balance before entry", fr: "Équilibre avant l'entrée" }
    FollowBalanceNote {
        en: "Followed and comparison schools before entry: a standardised difference below 0.1 in absolute value is the usual mark of comparable groups.",
        fr: "Établissements suivis et de comparaison avant l'entrée : une différence standardisée inférieure à 0,1 en valeur absolue est le repère usuel de groupes comparables.",
    }
    FollowTrajectories { en: "Trajectories", fr: "Trajectoires" }
    CapTrajectories {
        en: "Followed and comparison schools: mean and 95 % interval per session since entry (0: first session under the scheme); no line crosses a change of series.",
        fr: "Établissements suivis et de comparaison : moyenne et intervalle à 95 % par session depuis l'entrée (0 : première session du dispositif) ; aucune ligne ne traverse un changement de série.",
    }
    FollowDashboards { en: "One dashboard per followed school", fr: "Un tableau de bord par établissement suivi" }
    CapDashboard {
        en: "{school}: its indicators over the sessions, against the median and inter-quartile band ({area}) and against its comparison school.",
        fr: "{school} : ses indicateurs au fil des sessions, face à la médiane et à l'écart interquartile ({area}) et à son établissement de comparaison.",
    }
    FollowDone {
        en: "followed {n} schools ({matched} with a comparison school, {unmatched} without) over sessions {sessions}; written to {dir}",
        fr: "{n} établissements suivis ({matched} avec un établissement de comparaison, {unmatched} sans) sur les sessions {sessions} ; écrit dans {dir}",
    }
    FollowEstimateLine {
        en: "  {outcome}, {t} session(s) after entry: {att} (95 % interval {low} to {high}, {pairs} pairs)",
        fr: "  {outcome}, {t} session(s) après l'entrée : {att} (intervalle à 95 % de {low} à {high}, {pairs} paires)",
    }
    CapDashboardUnmatched {
        en: "{school}: its indicators over the sessions, against the median and inter-quartile band ({area}); no comparison school was found for it.",
        fr: "{school} : ses indicateurs au fil des sessions, face à la médiane et à l'écart interquartile ({area}) ; aucun établissement de comparaison ne lui a été trouvé.",
    }
    AllSchools { en: "every school of the files", fr: "tous les établissements des fichiers" }
    FollowLeft { en: "Schools that left the data", fr: "Établissements sortis des données" }
    FollowLeftNote {
        en: "Absent from a session's file: closed, merged, given a new UAI, or out of the published population that year.",
        fr: "Absents du fichier d'une session : fermés, fusionnés, dotés d'un nouvel UAI, ou hors de la population publiée cette année-là.",
    }
    FollowUnmatched { en: "Followed schools without a comparison school", fr: "Établissements suivis sans établissement de comparaison" }
    FollowBreaks { en: "Changes of series (nothing is compared across them): {list}.", fr: "Changements de série (rien n'est comparé par-dessus) : {list}." }
    FollowNone { en: "None.", fr: "Aucun." }
    RoleFollowed { en: "followed", fr: "suivi" }
    RoleComparison { en: "comparison", fr: "comparaison" }
    LegendFollowed { en: "followed schools", fr: "établissements suivis" }
    LegendComparison { en: "comparison schools", fr: "établissements de comparaison" }
    LegendThisSchool { en: "this school", fr: "cet établissement" }
    LegendComparisonSchool { en: "comparison school {uai}", fr: "établissement de comparaison {uai}" }
    LegendMedian { en: "median, {area}", fr: "médiane, {area}" }
    LegendBand { en: "inter-quartile band", fr: "écart interquartile" }
    LegendBreak { en: "change of series", fr: "changement de série" }
    LegendEntry { en: "entry", fr: "entrée" }
    WhyNotInMatches { en: "no comparison school in the matches file", fr: "aucun établissement de comparaison dans le fichier des appariements" }
    WhyMissingPreEntry { en: "a value before entry is missing ({outcomes}, sessions {from} to {to})", fr: "une valeur avant l'entrée manque ({outcomes}, sessions {from} à {to})" }
    WhyNoArea { en: "the files do not give its {area}", fr: "les fichiers ne donnent pas son {area}" }
    WhyNoneLeft { en: "no candidate school left", fr: "plus aucun établissement candidat" }
    WhyNoneLeftIn { en: "no candidate school left in its {area} ({name})", fr: "plus aucun établissement candidat dans son {area} ({name})" }
    WordAcademie { en: "académie", fr: "académie" }
    WordDepartement { en: "département", fr: "département" }
    NoteBreak { en: "{outcome}, cohort {cohort}, session {session}: not estimated, the series changed in {after} ({what})", fr: "{outcome}, cohorte {cohort}, session {session} : non estimé, la série change en {after} ({what})" }
    NoteNoPair { en: "{outcome}, cohort {cohort}, session {session}: no pair has values at this session and at the base session {base}", fr: "{outcome}, cohorte {cohort}, session {session} : aucune paire n'a de valeur à cette session et à la session de référence {base}" }
    NoteOnePair { en: "{outcome}, cohort {cohort}, session {session}: one pair only, no standard error; left out of the aggregates", fr: "{outcome}, cohorte {cohort}, session {session} : une seule paire, pas d'erreur type ; hors des agrégats" }
    AxisSession { en: "Session", fr: "Session" }
    /// The user's reference group of the threshold orphan detector.
    OrphanReference {
        en: "(threshold: IPS at or below the median of the reference group {file}, {analysed} of its {listed} schools analysed)",
        fr: "(seuil : IPS inférieur ou égal à la médiane du groupe de référence {file}, dont {analysed} des {listed} établissements sont analysés)",
    }
    OrphanLineReferenceOnly {
        en: "{threshold} by the threshold detector {reference}; the cluster and neighbourhood detectors need REP/REP+ schools and are not computed for lycées",
        fr: "{threshold} selon le détecteur à seuil {reference} ; les détecteurs de classe et de voisinage demandent des établissements REP/REP+ et ne sont pas calculés pour les lycées",
    }
    OrphanLineReference {
        en: "{threshold} by the threshold detector {reference}, {cluster} by the cluster detector, {neighbourhood} by the neighbourhood detector",
        fr: "{threshold} selon le détecteur à seuil {reference}, {cluster} selon le détecteur de classe, {neighbourhood} selon le détecteur de voisinage",
    }
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
        en: "{level}: {joined} rows joined, {analysed} analysed, {k} clusters, {selected} selected (budget {n})",
        fr: "{level} : {joined} lignes jointes, {analysed} analysées, {k} classes, {selected} retenus (enveloppe {n})",
    }
    SummaryLevels {
        en: "{levels} school levels, each analysed and selected apart; {files} files written to {dir}",
        fr: "{levels} niveaux d'enseignement, chacun analysé et sélectionné à part ; {files} fichiers écrits dans {dir}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::placeholders;

    #[test]
    fn every_key_has_both_languages_with_the_same_placeholders() {
        for m in Msg::ALL {
            for lang in Lang::ALL {
                assert!(!m.t(lang).trim().is_empty(), "{m:?} has no {lang} text");
            }
            assert_eq!(
                placeholders(m.t(Lang::En)),
                placeholders(m.t(Lang::Fr)),
                "{m:?}: placeholders differ"
            );
        }
    }

    #[test]
    fn keys_are_listed_once() {
        let mut v: Vec<String> = Msg::ALL.iter().map(|m| format!("{m:?}")).collect();
        let n = v.len();
        v.sort();
        v.dedup();
        assert_eq!(v.len(), n);
    }
}
