#pragma once
// Generated layouts (host only), deterministic functions of their settings and a seed (draws
// from Philox, EventRandom(seed, step 0, RandomStream::task, event = draw index)):
//   hexagonal:   the n points of a triangular lattice of the given spacing nearest the centre
//   rings:       a unit at the centre, then rings of radius k spacing, each with
//                floor(2 pi k) units evenly spaced (the last ring takes the remainder)
//   packed_ball: hexagonal at the least distance (the densest disc of n units)
//   random_ball: n units uniform in a disc of the given radius, draws closer than the least
//                distance to an earlier unit rejected (the paper's "wide random ball")
//   two_annuli:  a share of the units uniform in an inner annulus, the rest in an outer one,
//                with the same rejection
// The paper's convergence figure starts from 126 units: packed ball, wide random ball and
// two annuli.
#include <cstdint>
#include <string>

#include "swgo/layout.hpp"

namespace detgrad::swgo {

enum class LayoutShape { hexagonal, rings, packed_ball, random_ball, two_annuli };

struct LayoutGenerator {
  LayoutShape shape = LayoutShape::hexagonal;
  int units = 126;
  double centre_x = 0.0, centre_y = 0.0;
  double spacing_m = 30.0;        // hexagonal, rings
  double least_distance_m = 0.0;  // packed_ball spacing; rejection distance of the random shapes
  double radius_m = 600.0;        // random_ball
  double inner_min_m = 0.0, inner_max_m = 150.0;    // two_annuli
  double outer_min_m = 400.0, outer_max_m = 500.0;  // two_annuli
  double inner_fraction = 0.5;                      // two_annuli
  std::uint64_t seed = 1;
};

const char* layout_shape_name(LayoutShape shape);

// Throws std::invalid_argument when the random shapes cannot place the units at the least
// distance (the area is too small) within a bounded number of draws.
Layout generate_layout(const LayoutGenerator& g);

}  // namespace detgrad::swgo
