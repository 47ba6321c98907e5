# Reference for ciblage's difference in differences (tests/data/follow_did): per cohort g and session
# t != g - 1, the 2x2 regression lm(dy ~ treated) on dy = Y_t - Y_{g-1}, standard errors clustered on
# the matched pair with sandwich::vcovCL(type = "HC0", cadjust = TRUE) (the G/(G-1) factor only), and
# the 95 % interval with Student's t on G - 1 degrees of freedom. Pairs with a missing value at t or
# g - 1 are left out. Run: Rscript ref.R (R 4.2, sandwich 3.0) -> ref.csv
suppressPackageStartupMessages(library(sandwich))
d <- read.csv("input.csv", stringsAsFactors = FALSE)
out <- list()
for (g in sort(unique(d$entry))) {
  dg <- d[d$entry == g, ]
  for (t in setdiff(sort(unique(dg$session)), g - 1)) {
    a <- dg[dg$session == t, c("pair", "role", "value")]
    b <- dg[dg$session == g - 1, c("pair", "role", "value")]
    m <- merge(a, b, by = c("pair", "role"), suffixes = c("_t", "_b"))
    m$dy <- m$value_t - m$value_b
    full <- names(which(table(m$pair) == 2))
    m <- m[m$pair %in% full, ]
    m$treated <- as.integer(m$role == "followed")
    G <- length(unique(m$pair))
    fit <- lm(dy ~ treated, data = m)
    se <- sqrt(vcovCL(fit, cluster = ~pair, type = "HC0", cadjust = TRUE)["treated", "treated"])
    att <- unname(coef(fit)["treated"])
    q <- qt(0.975, G - 1)
    out[[length(out) + 1]] <- data.frame(cohort = g, session = t, pairs = G, att = att, se = se,
                                          low = att - q * se, high = att + q * se)
  }
}
write.csv(do.call(rbind, out), "ref.csv", row.names = FALSE)
