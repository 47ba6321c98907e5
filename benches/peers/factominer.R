# FactoMineR peer of ciblage's national case (benches/compare.sh): PCA + HCPC (Ward, automatic k,
# consolidation, descriptions) on a joined table, as the reference folders were made.
# Usage: Rscript factominer.R INPUT.csv OUT_DIR
suppressPackageStartupMessages(library(FactoMineR))
args <- commandArgs(trailingOnly = TRUE)
vars <- c("ips", "ips_sd", "taux_reussite", "va_taux_reussite", "note_ecrit", "va_note", "taux_acces_6e3e")
t0 <- proc.time()[["elapsed"]]
d <- read.csv(args[1], stringsAsFactors = FALSE, check.names = FALSE, colClasses = c(uai = "character"))
X <- d[, vars, drop = FALSE]
rownames(X) <- d$uai
X$ep <- factor(d$ep)
res <- PCA(X, scale.unit = TRUE, ncp = 5, quali.sup = ncol(X), graph = FALSE)
hc <- HCPC(res, nb.clust = -1, consol = TRUE, graph = FALSE)
dir.create(args[2], showWarnings = FALSE)
write.csv(data.frame(id = rownames(hc$data.clust), cluster = as.integer(hc$data.clust$clust)),
          file.path(args[2], "clusters.csv"), row.names = FALSE)
cat(sprintf("factominer_seconds_in_process %.3f\n", proc.time()[["elapsed"]] - t0), file = stderr())
