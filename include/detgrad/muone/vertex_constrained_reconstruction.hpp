#pragma once
// The evaluation's second reconstruction of an elastic event: the angles from the alignment's
// event fit (alignment_event_fit.hpp) at the nominal geometry, in which the incoming muon, the
// electron and the outgoing muon share one vertex in the target and every track's hits are
// weighted with their covariance from the hit resolution and the multiple scattering in each
// module and in the target (the reconstruction of reconstruction.hpp fits the three lines
// apart, each with its hit resolution alone; only the locals are fitted, without the
// alignment's rows and fiducial cut). q2 then three ways as there (q2_from_angles),
// the combination weighted with the same predicted angle covariance. The event fit needs a
// hit in every module; an event without one keeps the independent fits' angles.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/muone/alignment_event_fit.hpp"
#include "detgrad/muone/reconstruction.hpp"

namespace detgrad::muone {

// The event's hits as the alignment reads them (hits.csv): u of every present hit.
DETGRAD_HDI RecordedEvent recorded_event(const StationFixed& fx, const SimulatedEvent<double>& ev) {
  RecordedEvent r;
  r.kind = AlignmentEventKind::elastic;
  for (int m = 0; m < fx.n_modules; ++m) {
    if (ev.muon_hit[m].present) {
      r.muon_u[m] = ev.muon_hit[m].u_measured;
      r.muon_present |= 1u << m;
    }
    if (m >= fx.n_upstream && ev.electron_hit[m].present) {
      r.electron_u[m] = ev.electron_hit[m].u_measured;
      r.electron_present |= 1u << m;
    }
  }
  return r;
}

// `independent` is reconstruct_event's result for the event; `rows` is scratch for the event
// fit. Returns whether the vertex-constrained fit gave the angles (false: out = independent).
DETGRAD_HD inline bool reconstruct_event_with_vertex(const ModelSetup& setup, const ModelDesign<double>& d,
                                                     const SimulatedEvent<double>& ev,
                                                     const Reconstruction<double>& independent,
                                                     AlignmentEventRows& rows, Reconstruction<double>& out) {
  out = independent;
  if (!independent.ok) return false;
  AlignmentGeometry g{&setup.fixed, &d.station, StationAlignment<double>{}};
  g.locals_only = true;
  g.local_iterations = 2;
  if (!fit_alignment_event(g, recorded_event(setup.fixed, ev), rows)) return false;
  // Locals: xv, yv, zv, then the slopes (tx, ty) of the incoming muon, electron, outgoing muon.
  const double* q = rows.locals;
  out.vertex_z = q[2];
  out.theta_e = angle_between(q[3], q[4], q[5], q[6]);
  out.theta_mu = angle_between(q[3], q[4], q[7], q[8]);
  q2_from_angles(setup, d, out);
  return true;
}

}  // namespace detgrad::muone
