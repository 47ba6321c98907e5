//! One school's explanation, committee decisions, the allocation of an envelope, and each criterion
//! of a selection in one sentence.
//!
//! A part of the catalogue (see [`super`]): the macro calls `gather!` back with its entries.

macro_rules! selection {
    ([$($rest:ident)*] $($entries:tt)*) => {
        gather! { [$($rest)*] $($entries)*
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
        }
    };
}
