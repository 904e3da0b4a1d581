# Recomputes every pooled group that `python -m evidence synthesize --format json` prints, with metafor,
# and reports the largest differences. Not a test (the suite never runs R); run it by hand:
#   .venv/bin/python -m evidence synthesize --all --format json > /tmp/groups.json
#   Rscript tests/data/metafor/check_synthesize.R /tmp/groups.json
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
groups <- fromJSON(commandArgs(trailingOnly = TRUE)[1], simplifyVector = FALSE)
worst <- c(est = 0, ci = 0, pi = 0, tau2 = 0, i2 = 0); n <- 0
for (g in groups) {
  if (is.null(g$method)) next
  xi <- sapply(g$studies, function(s) s$responders); ni <- sapply(g$studies, function(s) s$evaluable)
  fit <- rma(measure = "PLO", xi = xi, ni = ni, method = g$method)
  p <- predict(fit, transf = transf.ilogit)
  d <- c(est = abs(p$pred - g$estimate), ci = max(abs(p$ci.lb - g$ci_low), abs(p$ci.ub - g$ci_high)),
         pi = if (is.null(g$pi_low)) 0 else max(abs(p$pi.lb - g$pi_low), abs(p$pi.ub - g$pi_high)),
         tau2 = abs(fit$tau2 - g$tau2), i2 = abs(fit$I2 - g$i2))
  worst <- pmax(worst, d); n <- n + 1
}
cat(sprintf("%d pooled groups recomputed with metafor %s\n", n, packageVersion("metafor")))
print(signif(worst, 3))
