//! The HTML report of a run: its sections, tables and notes, and the captions of its figures.
//!
//! A part of the catalogue (see [`super`]): the macro calls `gather!` back with its entries.

macro_rules! report {
    ([$($rest:ident)*] $($entries:tt)*) => {
        gather! { [$($rest)*] $($entries)*
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
            ClustersTurnedOff {
                en: "Clustering not run: turned off by the settings (clustering.enabled = false); the selection uses no cluster.",
                fr: "Classification non réalisée : désactivée dans les réglages (clustering.enabled = false) ; la sélection n'utilise aucune classe.",
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
        }
    };
}
