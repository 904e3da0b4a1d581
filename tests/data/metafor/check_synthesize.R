# Recomputes every pooled group that `python -m evidence synthesize --format json` prints, with metafor (and
# lme4 for the GLMM), and reports the largest differences per kind. Not a test (the suite never runs R); run it
# by hand, e.g.:
#   .venv/bin/python -m evidence synthesize --all --format json > /tmp/groups.json
#   Rscript tests/data/metafor/check_synthesize.R /tmp/groups.json
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
groups <- fromJSON(commandArgs(trailingOnly = TRUE)[1], simplifyVector = FALSE)
worst <- list()
note <- function(kind, d) {
  old <- worst[[kind]]
  worst[[kind]] <<- if (is.null(old)) d else pmax(old, d)
}
n <- c(proportion = 0, comparative = 0, unpooled = 0)
for (g in groups) {
  if (g$kind == "comparative") {
    ai <- sapply(g$studies, function(s) s$events_treated); n1 <- sapply(g$studies, function(s) s$n_treated)
    ci <- sapply(g$studies, function(s) s$events_control); n2 <- sapply(g$studies, function(s) s$n_control)
    method <- if (is.null(g$method)) "EE" else g$method  # one study: its own estimate and Wald interval
    fit <- rma(measure = g$measure, ai = ai, n1i = n1, ci = ci, n2i = n2, method = method)
    tr <- if (g$measure == "RR") exp else identity
    p <- predict(fit, transf = tr)
    rel <- if (g$measure == "RR") 1 / p$pred else 1
    note(paste0("comparative ", g$measure), c(est = abs(p$pred - g$estimate) * rel,
      ci = max(abs(p$ci.lb - g$ci_low), abs(p$ci.ub - g$ci_high)) * rel))
    n["comparative"] <- n["comparative"] + 1
    next
  }
  if (is.null(g$method)) {
    # not pooled: the summed counts with their exact interval
    x <- sum(sapply(g$studies, function(s) s$responders))
    nn <- sum(sapply(g$studies, function(s) s$evaluable))
    ci <- binom.test(x, nn)$conf.int
    note("unpooled (exact)", c(est = abs(x / nn - g$estimate), ci = max(abs(ci[1] - g$ci_low), abs(ci[2] - g$ci_high))))
    n["unpooled"] <- n["unpooled"] + 1
    next
  }
  xi <- sapply(g$studies, function(s) s$responders); ni <- sapply(g$studies, function(s) s$evaluable)
  fit <- if (g$method == "GLMM") rma.glmm(measure = "PLO", xi = xi, ni = ni) else
    rma(measure = "PLO", xi = xi, ni = ni, method = g$method)
  p <- predict(fit, transf = transf.ilogit)
  d <- c(est = abs(p$pred - g$estimate), ci = max(abs(p$ci.lb - g$ci_low), abs(p$ci.ub - g$ci_high)),
         pi = if (is.null(g$pi_low)) 0 else max(abs(p$pi.lb - g$pi_low), abs(p$pi.ub - g$pi_high)),
         tau2 = abs(fit$tau2 - g$tau2), i2 = abs(fit$I2 - g$i2))
  note(paste(g$kind, g$method), d)
  n["proportion"] <- n["proportion"] + 1
}
cat(sprintf("%d pooled proportion or harm groups, %d comparative groups, %d unpooled proportion or harm groups; metafor %s, lme4 %s\n",
            n["proportion"], n["comparative"], n["unpooled"], packageVersion("metafor"), packageVersion("lme4")))
cat("Largest differences (proportion scale; comparative RR relative to the estimate):\n")
for (k in names(worst)) { cat(k, ": "); print(signif(worst[[k]], 3)) }
