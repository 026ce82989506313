// The MUonE optimisation-mode loss through every stage (side models from the track fit,
// passes, resolution loss, budget term): the adjoint gradient of every design parameter
// against central finite differences (common random numbers, double), with the engine's
// gradient check (1e-4 relative for every non-negligible parameter); and the projection.
#include "muone/muone_model.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "optimize/gradient_check.hpp"

namespace detgrad::muone {
namespace {

MuoneStudyConfig reference_study() {
  MuoneStudyConfig s;
  s.station = reference_station();
  s.station.modules[3].sigma_m = 20e-6;  // a cost away from the budget: the budget term has a gradient
  s.cost.budget = 30.0;
  return s;
}

TEST(MuoneModel, GradientOfEveryParameter) {
  const MuoneModel model(reference_study());
  PassOptions o;
  o.events = 10000;
  o.precision = Precision::double_precision;
  optimize::GradientProblem p;
  p.parameters = model.design().parameters;
  p.x = model.initial();
  const MuoneLoss l = model.loss(p.x, o, Gradient::yes);
  p.loss = l.loss;
  p.gradient = l.gradient;
  p.loss_at = [&](const std::vector<double>& x) { return model.loss(x, o, Gradient::no).loss; };
  const optimize::GradientCheck check = optimize::check_gradient(p);
  int judged = 0;
  std::string negligible;
  for (const optimize::ParameterCheck& c : check.parameters) {
    if (!c.negligible) ++judged;
    else negligible += " " + c.name;
    if (!c.passed)
      ADD_FAILURE() << c.name << ": adjoint " << c.adjoint << " fd " << c.finite_difference << " rel "
                    << c.relative_error;
  }
  std::printf("loss %.6g (resolution %.6g, budget %.6g, cost %.4g); %d of %zu parameters judged\n", l.loss,
              l.resolution_loss, l.budget_loss, l.cost, judged, check.parameters.size());
  std::printf("negligible (below 1e-6 of the largest):%s\n", negligible.c_str());
  EXPECT_TRUE(check.passed());
  // Every resolution, the z of most modules and the target's thickness; the offsets (and the
  // target's z, through the acceptance only) matter where tracks pass near an edge, which the
  // reference beam does not; the stereo modules upstream hardly move the incoming slopes.
  EXPECT_GE(judged, 20);
}

TEST(MuoneModel, ProjectionKeepsOrderAndClearsTheTarget) {
  const MuoneModel model(reference_study());
  std::vector<double> x = model.initial();
  x[3 * 5] = 0.01;   // last upstream module into the target
  x[3 * 6] = 0.0;    // first downstream module into the target
  x[3 * 9] = 0.5;    // module 9 before module 8
  x[3 * 11] = 1.2;   // the last module out of the station
  x[3 * 0] = -1.1;   // the first one too
  model.project(x);
  const StationDesign<double> d = model.unflatten(x);
  const double front = d.target.z - d.target.thickness / 2, back = d.target.z + d.target.thickness / 2;
  EXPECT_LE(d.module[5].z, front - 0.0025);
  EXPECT_GE(d.module[6].z, back + 0.0025);
  EXPECT_GE(d.module[0].z, -1.0 + 0.0025);
  EXPECT_LE(d.module[11].z, 1.0 - 0.0025);
  for (int i = 1; i < 12; ++i)
    if (i != 6) {
      EXPECT_GE(d.module[i].z - d.module[i - 1].z, 0.005 - 1e-12) << i;
    }
}

}  // namespace
}  // namespace detgrad::muone
