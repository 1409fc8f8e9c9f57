//! Bayesian model averaging over decomposable graphical models (Madigan & York 1997), as the
//! R package dga (Johndrow, Lum & Ball) computes it for 3 to 5 lists: every decomposable graph
//! (8, 61 and 822 of them), a hyper-Dirichlet prior with `delta` prior counts per cell, a prior
//! on the population size proportional to 1/N, and the posterior over (graph, N) computed
//! exactly on a grid of numbers of unobserved persons.

use serde::Serialize;

use crate::dist::ln_gamma;
use crate::{EstimateError, Histories};

/// Fewest and most lists dga handles.
pub const DGA_LISTS: std::ops::RangeInclusive<usize> = 3..=5;

/// The settings of the averaging.
#[derive(Debug, Clone, PartialEq)]
pub struct DgaOptions {
    /// Prior count per cell of the full table; `None` for dga's recommended 2^-k (a total
    /// prior weight of one person).
    pub delta: Option<f64>,
    /// The grid of unobserved counts: `points` values from 1 to `max_multiple` times the number
    /// observed, rounded and made unique (MSETools' default: 1,000 points up to 30 times).
    pub points: usize,
    pub max_multiple: f64,
    /// Interval level.
    pub level: f64,
}

impl Default for DgaOptions {
    fn default() -> Self {
        DgaOptions {
            delta: None,
            points: 1000,
            max_multiple: 30.0,
            level: 0.95,
        }
    }
}

/// A decomposable graph: its edges (one bit per pair of lists, in the order (1,2), (1,3), ...,
/// (2,3), ...), maximal
/// cliques and separators as list bit masks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decomposable {
    pub edges: u32,
    pub cliques: Vec<u32>,
    pub separators: Vec<u32>,
}

/// One graph's share of the posterior.
#[derive(Debug, Clone, Serialize)]
pub struct GraphWeight {
    /// The graph in bracket notation of its cliques, `[AB][BC]`.
    pub model: String,
    pub weight: f64,
}

/// The result of the averaging.
#[derive(Debug, Clone, Serialize)]
pub struct Dga {
    pub observed: u64,
    /// Posterior median of the population size (on the grid).
    pub estimate: f64,
    /// Equal-tailed posterior interval (on the grid).
    pub lower: f64,
    pub upper: f64,
    pub level: f64,
    /// Posterior mean of the population size.
    pub mean: f64,
    pub delta: f64,
    pub graphs: usize,
    /// The graphs with the largest posterior weight, largest first (at most ten).
    pub top: Vec<GraphWeight>,
    /// The posterior mass in the last grid point's neighbourhood (upper tenth of the grid):
    /// large values mean the grid cuts the posterior off.
    pub tail_mass: f64,
}

/// The neighbours of each list in the graph with these edges.
fn adjacency(edges: u32, k: usize) -> Vec<u32> {
    let mut adj = vec![0u32; k];
    let mut j = 0;
    for a in 0..k {
        for b in a + 1..k {
            if edges >> j & 1 == 1 {
                adj[a] |= 1 << b;
                adj[b] |= 1 << a;
            }
            j += 1;
        }
    }
    adj
}

fn is_complete(set: u32, adj: &[u32]) -> bool {
    (0..adj.len())
        .filter(|&v| set >> v & 1 == 1)
        .all(|v| adj[v] & set == set & !(1 << v))
}

/// The maximal cliques of a graph, as bit masks, in increasing order.
fn maximal_cliques(adj: &[u32]) -> Vec<u32> {
    let k = adj.len();
    let complete: Vec<u32> = (1u32..1 << k).filter(|&s| is_complete(s, adj)).collect();
    complete
        .iter()
        .copied()
        .filter(|&s| !complete.iter().any(|&t| t != s && t & s == s))
        .collect()
}

/// The chordal graph's junction tree separators (non-empty), from a maximum-weight spanning
/// forest of its cliques; `None` when the graph is not chordal (the running intersection
/// property fails).
fn separators(cliques: &[u32], k: usize) -> Option<Vec<u32>> {
    let mut pairs: Vec<(u32, usize, usize)> = Vec::new();
    for i in 0..cliques.len() {
        for j in i + 1..cliques.len() {
            let w = (cliques[i] & cliques[j]).count_ones();
            if w > 0 {
                pairs.push((w, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut comp: Vec<usize> = (0..cliques.len()).collect();
    fn find(c: &mut [usize], mut i: usize) -> usize {
        while c[i] != i {
            c[i] = c[c[i]];
            i = c[i];
        }
        i
    }
    let mut seps = Vec::new();
    let mut total_weight = 0u32;
    for (w, i, j) in pairs {
        let (a, b) = (find(&mut comp, i), find(&mut comp, j));
        if a != b {
            comp[a] = b;
            seps.push(cliques[i] & cliques[j]);
            total_weight += w;
        }
    }
    // A graph is chordal iff a maximum-weight spanning forest of its clique graph has weight
    // sum(|C|) - (number of vertices in cliques), i.e. every vertex's cliques form a subtree.
    let clique_sizes: u32 = cliques.iter().map(|c| c.count_ones()).sum();
    (clique_sizes - k as u32 == total_weight).then_some(seps)
}

/// Every decomposable graph on `k` lists (8, 61 and 822 for 3, 4 and 5), in order of their
/// edge masks.
pub fn decomposable_graphs(k: usize) -> Vec<Decomposable> {
    let pairs = k * (k - 1) / 2;
    (0u32..1 << pairs)
        .filter_map(|edges| {
            let adj = adjacency(edges, k);
            let cliques = maximal_cliques(&adj);
            let separators = separators(&cliques, k)?;
            Some(Decomposable {
                edges,
                cliques,
                separators,
            })
        })
        .collect()
}

/// Log marginal likelihood parts of one margin (lists `set`) for each grid value: the sum over
/// the margin's cells of lgamma(count + alpha) - lgamma(alpha), alpha = delta 2^(k - |set|).
fn margin_terms(counts: &[u64], k: usize, set: u32, delta: f64, grid: &[f64]) -> Vec<f64> {
    let cells = 1usize << set.count_ones();
    let mut marg = vec![0f64; cells];
    let bits: Vec<usize> = (0..k).filter(|&i| set >> i & 1 == 1).collect();
    for (pattern, &c) in counts.iter().enumerate() {
        let mut idx = 0;
        for (j, &b) in bits.iter().enumerate() {
            idx |= (pattern >> b & 1) << j;
        }
        marg[idx] += c as f64;
    }
    let alpha = delta * f64::from(1u32 << (k - bits.len()));
    let ln_a = ln_gamma(alpha);
    let rest: f64 = marg[1..].iter().map(|&m| ln_gamma(m + alpha) - ln_a).sum();
    grid.iter()
        .map(|&n0| rest + ln_gamma(marg[0] + n0 + alpha) - ln_a)
        .collect()
}

/// Bracket notation of a graph's cliques.
fn clique_name(cliques: &[u32], lists: &[String]) -> String {
    cliques
        .iter()
        .map(|&c| {
            let names: String = (0..lists.len())
                .filter(|&i| c >> i & 1 == 1)
                .map(|i| lists[i].as_str())
                .collect::<Vec<_>>()
                .join(if lists.iter().all(|l| l.len() == 1) {
                    ""
                } else {
                    ","
                });
            format!("[{names}]")
        })
        .collect()
}

/// The grid of unobserved counts of MSETools: `round(seq(1, m n, length.out = points))`, made
/// unique.
pub fn dga_grid(observed: u64, opts: &DgaOptions) -> Vec<f64> {
    let hi = opts.max_multiple * observed as f64;
    let pts = opts.points.max(2);
    let mut grid: Vec<f64> = (0..pts)
        .map(|i| (1.0 + (hi - 1.0) * i as f64 / (pts - 1) as f64).round())
        .collect();
    grid.dedup();
    grid
}

/// dga's posterior for the population size, averaged over all decomposable graphs.
pub fn dga(h: &Histories, opts: &DgaOptions) -> Result<Dga, EstimateError> {
    let k = h.k();
    if !DGA_LISTS.contains(&k) {
        return Err(EstimateError::Data(format!(
            "dga handles 3 to 5 lists ({k} given)"
        )));
    }
    if !(opts.level > 0.0 && opts.level < 1.0) {
        return Err(EstimateError::Data(format!(
            "level must lie between 0 and 1, got {}",
            opts.level
        )));
    }
    let counts = h.counts();
    let n = h.observed();
    if n == 0 {
        return Err(EstimateError::Data(
            "no persons observed on any list".into(),
        ));
    }
    let delta = opts.delta.unwrap_or(1.0 / f64::from(1u32 << k));
    if !(delta > 0.0 && delta.is_finite()) {
        return Err(EstimateError::Data(format!(
            "the prior count must be positive, got {delta}"
        )));
    }
    let grid = dga_grid(n, opts);
    let nf = n as f64;
    let graphs = decomposable_graphs(k);
    // Margins that occur as a clique or separator, computed once.
    let mut terms: std::collections::HashMap<u32, Vec<f64>> = std::collections::HashMap::new();
    for g in &graphs {
        for &s in g.cliques.iter().chain(&g.separators) {
            terms
                .entry(s)
                .or_insert_with(|| margin_terms(counts, k, s, delta, &grid));
        }
    }
    let total_alpha = delta * f64::from(1u32 << k);
    let ln_y: f64 = counts.iter().map(|&c| ln_gamma(c as f64 + 1.0)).sum();
    // Terms that depend on N only: the normalising constant of each component, the multinomial
    // coefficient and the 1/N prior.
    let norm: Vec<f64> = grid
        .iter()
        .map(|&n0| ln_gamma(total_alpha) - ln_gamma(n0 + nf + total_alpha))
        .collect();
    let common: Vec<f64> = grid
        .iter()
        .map(|&n0| ln_gamma(n0 + nf + 1.0) - ln_y - ln_gamma(n0 + 1.0) - (nf + n0).ln())
        .collect();
    let mut logw = vec![0f64; graphs.len() * grid.len()];
    let mut max = f64::NEG_INFINITY;
    for (gi, g) in graphs.iter().enumerate() {
        let comps = g.cliques.len() as f64 - g.separators.len() as f64;
        for (j, (cm, nm)) in common.iter().zip(&norm).enumerate() {
            let mut v = cm + comps * nm;
            for c in &g.cliques {
                v += terms[c][j];
            }
            for s in &g.separators {
                v -= terms[s][j];
            }
            logw[gi * grid.len() + j] = v;
            max = max.max(v);
        }
    }
    let w: Vec<f64> = logw.iter().map(|v| (v - max).exp()).collect();
    let total: f64 = w.iter().sum();
    let mut by_n = vec![0f64; grid.len()];
    let mut by_graph = vec![0f64; graphs.len()];
    for (row, g) in w.chunks(grid.len()).zip(by_graph.iter_mut()) {
        for (x, n) in row.iter().zip(by_n.iter_mut()) {
            let x = x / total;
            *n += x;
            *g += x;
        }
    }
    let quantile = |q: f64| {
        let mut cs = 0.0;
        for (j, p) in by_n.iter().enumerate() {
            cs += p;
            if cs > q {
                return grid[j] + nf;
            }
        }
        grid[grid.len() - 1] + nf
    };
    let alpha = (1.0 - opts.level) / 2.0;
    // A posterior narrower than the grid's steps cannot be told from it: its whole interval
    // would sit on one or two grid points (one count of a billion beside a few overlaps gave
    // "observed + 1" with a zero-width interval). Refuse rather than print that.
    let index = |q: f64| {
        let mut cs = 0.0;
        by_n.iter()
            .position(|p| {
                cs += p;
                cs > q
            })
            .unwrap_or(grid.len() - 1)
    };
    if index(1.0 - alpha) < index(alpha) + 2 {
        let step = grid.get(1).map_or(1.0, |g| g - grid[0]);
        return Err(EstimateError::Said {
            en: format!(
                "dga's grid (steps of {step:.0} persons) is too coarse for this posterior: it lies within one or two steps, so no estimate"
            ),
            nl: format!(
                "het rooster van dga (stappen van {step:.0} personen) is te grof voor deze posterior: die ligt binnen één of twee stappen, dus geen schatting"
            ),
        });
    }
    let mean = by_n.iter().zip(&grid).map(|(p, g)| p * (g + nf)).sum();
    let tail_from = grid.len() - grid.len() / 10;
    let tail_mass = by_n[tail_from..].iter().sum();
    let mut order: Vec<usize> = (0..graphs.len()).collect();
    order.sort_by(|&a, &b| by_graph[b].total_cmp(&by_graph[a]).then(a.cmp(&b)));
    let top = order
        .iter()
        .take(10)
        .map(|&gi| GraphWeight {
            model: clique_name(&graphs[gi].cliques, h.lists()),
            weight: by_graph[gi],
        })
        .collect();
    Ok(Dga {
        observed: n,
        estimate: quantile(0.5),
        lower: quantile(alpha),
        upper: quantile(1.0 - alpha),
        level: opts.level,
        mean,
        delta,
        graphs: graphs.len(),
        top,
        tail_mass,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn counts_the_decomposable_graphs() {
        assert_eq!(decomposable_graphs(3).len(), 8);
        assert_eq!(decomposable_graphs(4).len(), 61);
        assert_eq!(decomposable_graphs(5).len(), 822);
    }

    #[test]
    fn cliques_and_separators_of_a_path() {
        // Pairs of 3 lists: bit 0 = AB, 1 = AC, 2 = BC. Path A-B-C: cliques AB and BC, separator B.
        let g = decomposable_graphs(3)
            .into_iter()
            .find(|g| g.edges == 0b101)
            .unwrap();
        assert_eq!(g.cliques, vec![0b011, 0b110]);
        assert_eq!(g.separators, vec![0b010]);
        // The empty graph: three cliques, no separators.
        let g = decomposable_graphs(3).into_iter().next().unwrap();
        assert_eq!(g.cliques.len(), 3);
        assert!(g.separators.is_empty());
    }
}
