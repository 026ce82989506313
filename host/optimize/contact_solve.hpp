#pragma once
// The least-distance constraints of a crowd of points, and a site's boundary, solved at once
// in a linearised form before keep_points_apart's pairwise sweeps (constraints.hpp).
//
// Where an optimiser presses points into a dense packing against a site's edge, each pairwise
// push moves a pair's two points half way, and a push from the edge reaches a row k deep only
// after some k^2 sweeps: 6589 tanks of 3.82 m pressed 20 rows deep against the site's edge took
// 2879 sweeps (5 s) to separate. Here every pair closer than 1.5 times the distance, and every
// point near the boundary, is one linear constraint at the points' positions (the pair's
// distance along its current direction, the point's distance along the nearest edge's inward
// normal). The smallest move that meets them all is found through the constraints' multipliers
// (non-negative: a pair can push, not pull) by Gauss-Seidel sweeps with over-relaxation, which
// for such a crowd converge in a number of sweeps that grows with its depth, not its square.
// A round asks each pair for at most a tenth of the distance; the points move, the constraints
// are linearised again where they moved, and so on for a few rounds; the pairwise sweeps then
// finish what the linearisation left (usually nothing).
#include <vector>

#include "optimize/constraints.hpp"

namespace detgrad::optimize {

// Runs up to options.rounds linearised rounds, stopping at the first that finds every pair at
// least min_distance apart and every point inside `site` (with inside.margin) where a site is
// given: such points are left untouched (bit for bit). Pairs are met at `target` (at least
// min_distance). Points are put back inside the site after each round. Returns the rounds that
// moved points. Deterministic: a fixed order of operations, one thread.
int solve_contacts(std::vector<Point2>& points, double min_distance, double target, const Polygon* site,
                   const InsideOptions& inside, const ContactSolveOptions& options);

}  // namespace detgrad::optimize
