//! `ciblage follow`: the follow-up report ("Suivi") and its figures.
//!
//! A part of the catalogue (see [`super`]): the macro calls `gather!` back with its entries.

macro_rules! follow {
    ([$($rest:ident)*] $($entries:tt)*) => {
        gather! { [$($rest)*] $($entries)*
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
            /// A pre-entry estimate whose interval excludes 0 (the groups did not move alike before entry).
            FollowPreEntryDifference {
                en: "Pre-entry difference ({outcome}, {e} sessions from entry: {att}, {pct} % interval {interval}, which excludes 0): the groups differed before entry; the estimate after entry may reflect that.",
                fr: "Différence avant l'entrée ({outcome}, {e} sessions de l'entrée : {att}, intervalle à {pct} % {interval}, qui exclut 0) : les groupes différaient avant l'entrée ; l'estimation après l'entrée peut en être le reflet.",
            }
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
        }
    };
}
