# Regenerates reference.json: metafor random-effects pooling of proportions on the logit scale (REML, DL, PM),
# the binomial-normal model (rma.glmm), risk ratios and differences against a control (rma, measure RR/RD), and
# exact binomial intervals, that tests/test_pooling.py compares against.
# Needs R with metafor, lme4 and jsonlite (Debian: apt-get install r-base-core r-cran-metafor r-cran-lme4).
# Run from the repository root:  Rscript tests/data/metafor/make_reference.R
# The Python tests never run R; they read the JSON written here.

suppressPackageStartupMessages({
  library(metafor)
  library(jsonlite)
})

datasets <- list(
  # 0/n and n/n arms: metafor's default add = 1/2, to = "only0" corrects only those studies
  zeros_and_full = list(xi = c(0, 5, 12, 3, 9, 0), ni = c(8, 5, 20, 10, 9, 4)),
  # one study: rma() does not estimate tau2 (method "k1"); the app reports the Wilson interval instead
  single_study = list(xi = c(7), ni = c(12)),
  two_studies = list(xi = c(19, 15), ni = c(20, 24)),
  three_homogeneous = list(xi = c(10, 12, 9), ni = c(20, 25, 18)),
  three_heterogeneous = list(xi = c(2, 15, 8), ni = c(20, 18, 16)),
  ten_heterogeneous = list(
    xi = c(3, 19, 2, 24, 5, 1, 16, 8, 0, 12),
    ni = c(4, 20, 6, 24, 10, 9, 30, 9, 5, 40)
  ),
  ten_homogeneous = list(
    xi = c(12, 18, 7, 30, 9, 14, 22, 5, 11, 16),
    ni = c(20, 29, 12, 50, 15, 22, 37, 8, 19, 27)
  ),
  # every arm n/n, as in small case series of responders
  all_responders = list(xi = c(3, 2, 5, 1), ni = c(3, 2, 5, 1)),
  # anti-TNF arms in refractory JDM (Boulter 2011 infliximab/adalimumab/etanercept, Rouster-Stevens 2014)
  jdm_anti_tnf = list(xi = c(19, 2, 2, 7), ni = c(23, 4, 4, 8))
)

fit_one <- function(xi, ni, method) {
  res <- rma(measure = "PLO", xi = xi, ni = ni, method = method, test = "z")
  pr <- predict(res)
  pt <- predict(res, transf = transf.ilogit)
  list(
    method = method,
    k = res$k,
    estimate = as.numeric(res$b),
    se = res$se,
    ci_lb = res$ci.lb,
    ci_ub = res$ci.ub,
    pi_lb = as.numeric(pr$pi.lb),
    pi_ub = as.numeric(pr$pi.ub),
    tau2 = res$tau2,
    I2 = res$I2,
    H2 = res$H2,
    QE = res$QE,
    QEp = res$QEp,
    weights = I(as.numeric(weights(res))),
    proportion = as.numeric(pt$pred),
    proportion_ci_lb = as.numeric(pt$ci.lb),
    proportion_ci_ub = as.numeric(pt$ci.ub),
    proportion_pi_lb = as.numeric(pt$pi.lb),
    proportion_pi_ub = as.numeric(pt$pi.ub)
  )
}

out <- list()
for (name in names(datasets)) {
  d <- datasets[[name]]
  es <- escalc(measure = "PLO", xi = d$xi, ni = d$ni)
  fits <- lapply(c("REML", "DL", "PM"), function(m) fit_one(d$xi, d$ni, m))
  names(fits) <- c("REML", "DL", "PM")
  out[[name]] <- list(
    xi = I(d$xi), ni = I(d$ni), yi = I(as.numeric(es$yi)), vi = I(as.numeric(es$vi)), fits = fits
  )
}

# Exact (Clopper-Pearson) intervals: binom.test's confidence interval
exact_cases <- list(c(0, 1), c(1, 1), c(0, 8), c(8, 8), c(3, 10), c(12, 18), c(161, 195), c(1, 88), c(19, 20))
exact <- lapply(exact_cases, function(case) {
  ci <- binom.test(case[1], case[2])$conf.int
  list(events = case[1], total = case[2], ci_lb = ci[1], ci_ub = ci[2])
})

# The binomial-normal model (GLMM): rma.glmm(measure = "PLO"), lme4, ML, nAGQ = 7 (metafor's defaults)
glmm_sets <- list(
  small_series_with_all_responders = list(xi = c(2, 9, 5, 4), ni = c(2, 10, 10, 4)),
  zeros_and_full = datasets$zeros_and_full,
  three_homogeneous = datasets$three_homogeneous,
  two_studies = datasets$two_studies,
  ten_heterogeneous = datasets$ten_heterogeneous,
  jdm_inactive_disease = list(xi = c(5, 2, 15, 1), ni = c(10, 2, 20, 2))
)
glmm <- lapply(glmm_sets, function(d) {
  res <- rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni)
  pt <- predict(res, transf = transf.ilogit)
  list(xi = I(d$xi), ni = I(d$ni), estimate = as.numeric(res$b), se = res$se, tau2 = res$tau2, I2 = res$I2,
       proportion = as.numeric(pt$pred), proportion_ci_lb = as.numeric(pt$ci.lb),
       proportion_ci_ub = as.numeric(pt$ci.ub), proportion_pi_lb = as.numeric(pt$pi.lb),
       proportion_pi_ub = as.numeric(pt$pi.ub))
})

# Effects against a control: rma(measure = "RR" | "RD"), REML, escalc's add = 1/2 to zero cells
two_arm_sets <- list(
  three_trials = list(ai = c(37, 5, 10), n1i = c(47, 11, 20), ci = c(21, 0, 12), n2i = c(48, 5, 20)),
  mortality_cohorts = list(ai = c(94, 8, 3), n1i = c(290, 30, 12), ci = c(105, 13, 5), n2i = c(225, 28, 10)),
  one_study = list(ai = c(94), n1i = c(290), ci = c(105), n2i = c(225)),
  zero_in_both = list(ai = c(0, 4, 6), n1i = c(10, 20, 15), ci = c(0, 8, 9), n2i = c(10, 20, 14))
)
effects <- list()
for (name in names(two_arm_sets)) {
  d <- two_arm_sets[[name]]
  fits <- lapply(c("RR", "RD"), function(m) {
    es <- escalc(measure = m, ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i)
    res <- rma(measure = m, ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i, method = "REML", test = "z")
    pr <- predict(res)
    list(measure = m, yi = I(as.numeric(es$yi)), vi = I(as.numeric(es$vi)), estimate = as.numeric(res$b),
         se = res$se, ci_lb = res$ci.lb, ci_ub = res$ci.ub, pi_lb = as.numeric(pr$pi.lb),
         pi_ub = as.numeric(pr$pi.ub), tau2 = res$tau2, I2 = res$I2, weights = I(as.numeric(weights(res))))
  })
  names(fits) <- c("RR", "RD")
  effects[[name]] <- list(ai = I(d$ai), n1i = I(d$n1i), ci = I(d$ci), n2i = I(d$n2i), fits = fits)
}

reference <- list(
  generated_by = "tests/data/metafor/make_reference.R",
  r_version = R.version.string,
  metafor_version = as.character(packageVersion("metafor")),
  lme4_version = as.character(packageVersion("lme4")),
  datasets = out,
  exact = exact,
  glmm = glmm,
  effects = effects
)
write_json(reference, "tests/data/metafor/reference.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
cat("wrote tests/data/metafor/reference.json\n")
