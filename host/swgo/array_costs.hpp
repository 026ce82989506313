#pragma once
// The optional costs of the SWGO utility, source: the reference utility's "Optional costs:
// convex-hull area above pi (1.2 km)^2, cable length above 800 m per unit"
// (docs/references.md, SWGO, "Utility (reference default)"). Both are hinges, zero below their
// threshold:
//
//   C_area  = c_area  max(0, A - A0) / 1e6          A: the area of the convex hull of the units (m^2),
//                                                   A0 = area_threshold_km2 1e6 m^2, c_area per km^2
//   C_cable = c_cable max(0, L - N l0) / 1000       L = sum_u |p_u - s| (m), N units, l0 the allowance
//                                                   per unit (m), c_cable per km
//
// Cabling is read as a star: every unit has its own straight cable to one central station s
// (default the layout origin). The reference names no topology; a star is the simplest one
// whose length is a smooth sum over units, and "per unit" in its sentence suggests it.
//
// Forward and adjoint side by side; the adjoints add d(cost)/d(x_u, y_u) into d_x, d_y (+=).
// The hull area's derivative: that of the shoelace formula for a hull vertex, zero for a
// unit inside the hull; where the area has a kink in a unit's position (a unit on a hull
// edge, as on a lattice's border, or a vertex next to one) the mean of the two one-sided
// derivatives, which is what a central difference sees (array_costs.cpp). At a hinge's kink
// the derivative taken is the one below the threshold (zero), and a unit exactly at the
// station has a zero cable derivative. These run on the host in double, once per step over
// the N positions (the hull O(N log N), the area's adjoint O(N h) for h hull vertices), not
// per shower.
#include <array>
#include <cstdint>
#include <vector>

namespace detgrad::swgo {

// pi (1.2 km)^2 in km^2: the reference's area threshold (source above).
constexpr double kAreaThreshold_km2 = 3.14159265358979323846 * 1.2 * 1.2;
// 800 m of cable per unit: the reference's cable allowance (source above).
constexpr double kCableAllowance_m = 800.0;

struct ArrayCostCoefficients {
  double area_cost = 0.0;                         // c_area, utility units per km^2 above the threshold
  double area_threshold_km2 = kAreaThreshold_km2;  // A0, km^2
  double cable_cost = 0.0;                         // c_cable, utility units per km above the allowance
  double cable_allowance_m = kCableAllowance_m;    // l0, m per unit
  std::array<double, 2> station_xy_m{0.0, 0.0};    // s, m
  bool any() const { return area_cost != 0.0 || cable_cost != 0.0; }
};

// The vertices of the convex hull of n points, counter-clockwise from the lowest x (then
// lowest y), by Andrew's monotone chain; points on an edge are not vertices. Fewer than three
// distinct points, or all collinear: the extreme points only (at most two). Of units at the
// same position only the lowest index can be a vertex. Deterministic.
std::vector<int> convex_hull(const double* x, const double* y, int n);

// Area of the convex hull (m^2), 0 for fewer than three non-collinear points.
double hull_area(const double* x, const double* y, int n);
// d_x[u] += d_area dA/dx_u, d_y[u] += d_area dA/dy_u.
void hull_area_adjoint(const double* x, const double* y, int n, double d_area, double* d_x, double* d_y);

// L = sum_u |p_u - s| (m).
double cable_length(const double* x, const double* y, int n, std::array<double, 2> station);
void cable_length_adjoint(const double* x, const double* y, int n, std::array<double, 2> station, double d_length,
                          double* d_x, double* d_y);

struct ArrayCosts {
  double hull_area_m2 = 0.0;
  double cable_length_m = 0.0;
  double area = 0.0;   // C_area
  double cable = 0.0;  // C_cable
  double total() const { return area + cable; }
};

// The hull area, the cable length and both costs.
ArrayCosts array_costs(const double* x, const double* y, int n, const ArrayCostCoefficients& c);
// d_x, d_y += d_cost d(C_area + C_cable)/d(x, y).
void array_costs_adjoint(const double* x, const double* y, int n, const ArrayCostCoefficients& c, double d_cost,
                         double* d_x, double* d_y);

}  // namespace detgrad::swgo
