// CSDA range tables: iron ranges against GMS (ADNDT 78 (2001) 183, docs/references.md), table
// accuracy, round trips, step-size independence, stopping, vacuum; float and double lookups.
#include "detgrad/physics/range_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "detgrad/physics/material_library.hpp"
#include "detgrad/physics/stopping_power.hpp"

namespace detgrad {
namespace {

std::vector<Material> all_materials() {
  std::vector<Material> ms;
  for (const auto& n : material_names()) ms.push_back(*find_material(n));
  return ms;
}

class RangeTableTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    materials_ = new std::vector<Material>(all_materials());
    tables_ = new RangeTables(*materials_);
  }
  static void TearDownTestSuite() {
    delete tables_;
    delete materials_;
  }
  static int index(const char* name) {
    for (size_t i = 0; i < materials_->size(); ++i)
      if ((*materials_)[i].name == name) return int(i);
    return -1;
  }
  static std::vector<Material>* materials_;
  static RangeTables* tables_;
};
std::vector<Material>* RangeTableTest::materials_ = nullptr;
RangeTables* RangeTableTest::tables_ = nullptr;

TEST_F(RangeTableTest, IronRangesAgreeWithGmsWithin3Percent) {
  // docs/references.md, GMS iron CSDA range (g/cm^2) at T = 1, 10, 100 GeV.
  const double t[] = {1.0, 10.0, 100.0};
  const double gms_g_cm2[] = {642.3, 5537.0, 4.31e4};
  const int fe = index("iron");
  for (int k = 0; k < 3; ++k) {
    const double table = csda_range(tables_->view(), fe, t[k]) / 10.0;
    const double direct = csda_range_integrated((*materials_)[fe], t[k]) / 10.0;
    std::printf("  iron T = %5.0f GeV: range %.1f g/cm2 (table %.1f; GMS %.1f, %+.2f %%)\n", t[k], direct, table,
                gms_g_cm2[k], 100.0 * (direct / gms_g_cm2[k] - 1.0));
    EXPECT_NEAR(direct, gms_g_cm2[k], 0.03 * gms_g_cm2[k]);
    EXPECT_NEAR(table, gms_g_cm2[k], 0.03 * gms_g_cm2[k]);
  }
}

TEST_F(RangeTableTest, TableMatchesDirectIntegrationWithin0p3Percent) {
  // Between grid nodes (worst place for interpolation), 1 MeV .. 100 TeV, every material.
  const RangeTableView v = tables_->view();
  double worst = 0.0;
  for (size_t m = 0; m < materials_->size(); ++m) {
    if ((*materials_)[m].is_vacuum()) continue;
    for (int i = 0; i < 160; ++i) {
      const double t = 1e-3 * std::pow(10.0, (i + 0.5) / 20.0 + 0.0013);
      const double exact = csda_range_integrated((*materials_)[m], t);
      worst = std::max(worst, std::fabs(csda_range(v, int(m), t) / exact - 1.0));
      worst = std::max(worst, std::fabs(double(csda_range(v, int(m), float(t))) / exact - 1.0));
    }
  }
  std::printf("  max |table/integral - 1| = %.2e\n", worst);
  EXPECT_LT(worst, 3e-3);
}

TEST_F(RangeTableTest, RoundTripWithin0p3Percent) {
  const RangeTableView v = tables_->view();
  double worst_d = 0.0, worst_f = 0.0;
  for (size_t m = 0; m < materials_->size(); ++m) {
    for (int i = 0; i < 800; ++i) {
      const double t = 1.001e-3 * std::pow(10.0, (i + 0.37) / 100.0);  // 1 MeV .. ~100 TeV
      if (t > 0.999e5) break;
      worst_d = std::max(worst_d, std::fabs(kinetic_from_range(v, int(m), csda_range(v, int(m), t)) / t - 1.0));
      const float tf = float(t);
      worst_f = std::max(worst_f, std::fabs(double(kinetic_from_range(v, int(m), csda_range(v, int(m), tf))) / t - 1.0));
    }
  }
  std::printf("  round trip max error: double %.2e, float %.2e\n", worst_d, worst_f);
  EXPECT_LT(worst_d, 3e-3);
  EXPECT_LT(worst_f, 3e-3);
}

template <typename T>
void check_step_independence(const RangeTableView& v, int m, double& worst) {
  for (double t_GeV : {0.05, 0.3, 1.0, 3.0, 10.0, 100.0, 1000.0, 1e4}) {
    const T t = T(t_GeV);
    const T range = csda_range(v, m, t);
    for (double fraction : {1e-6, 1e-4, 1e-2, 0.1, 0.5, 0.9}) {
      const T full = T(fraction) * range;
      const T one = kinetic_after_mass_thickness(v, m, t, full);
      const T half = kinetic_after_mass_thickness(v, m, kinetic_after_mass_thickness(v, m, t, full / T(2)), full / T(2));
      T many = t;
      for (int k = 0; k < 100; ++k) many = kinetic_after_mass_thickness(v, m, many, full / T(100));
      // Compare energy losses, or the energies themselves when nearly all is lost.
      const double loss = double(t) - double(one);
      const double scale = std::max(loss, 1e-300);
      worst = std::max(worst, std::min(std::fabs(double(half) - double(one)) / scale,
                                       std::fabs(double(half) / double(one) - 1.0)));
      worst = std::max(worst, std::min(std::fabs(double(many) - double(one)) / scale,
                                       std::fabs(double(many) / double(one) - 1.0)));
    }
  }
}

TEST_F(RangeTableTest, StepSizeIndependentWithin0p1Percent) {
  const RangeTableView v = tables_->view();
  double worst_d = 0.0, worst_f = 0.0;
  for (const char* name : {"iron", "lead", "water", "air", "rock"}) {
    check_step_independence<double>(v, index(name), worst_d);
    check_step_independence<float>(v, index(name), worst_f);
  }
  std::printf("  step independence (2 halves and 100 steps vs 1): double %.2e, float %.2e\n", worst_d, worst_f);
  EXPECT_LT(worst_d, 1e-3);
  EXPECT_LT(worst_f, 1e-3);
}

TEST_F(RangeTableTest, ThinStepLosesSdtEvenInFloat) {
  // 1 mm of iron (7.874 kg/m^2) at 1 TeV: loss = S t within 1 % (S varies negligibly).
  const RangeTableView v = tables_->view();
  const int fe = index("iron");
  const double t = 7.874;
  const double expected = total_stopping_power((*materials_)[fe], 1000.0) * t;
  const float after = kinetic_after_mass_thickness(v, fe, 1000.0f, float(t));
  EXPECT_NEAR(1000.0 - double(after), expected, 0.01 * expected);
  const double after_d = kinetic_after_mass_thickness(v, fe, 1000.0, t);
  // The log-log interpolant's slope differs from the true S by up to ~0.5 %.
  EXPECT_NEAR(1000.0 - after_d, expected, 0.005 * expected);
}

TEST_F(RangeTableTest, StopsAtCsdaRange) {
  const RangeTableView v = tables_->view();
  for (const char* name : {"iron", "lead", "water"}) {
    const int m = index(name);
    for (double t : {0.05, 1.0, 100.0, 1e4}) {
      const double range = csda_range(v, m, t);
      EXPECT_LE(kinetic_after_mass_thickness(v, m, t, range), 0.0) << name << " " << t;
      EXPECT_LE(kinetic_after_mass_thickness(v, m, t, 1.001 * range), 0.0) << name << " " << t;
      const double left = kinetic_after_mass_thickness(v, m, t, 0.99 * range);
      EXPECT_GT(left, 0.0) << name << " " << t;
      EXPECT_NEAR(left, kinetic_from_range(v, m, 0.01 * range), 3e-3 * left) << name << " " << t;
      // Float: the thickness equal to the float range (same arithmetic) stops the muon.
      const float range_f = csda_range(v, m, float(t));
      EXPECT_LE(kinetic_after_mass_thickness(v, m, float(t), range_f), 0.0f) << name << " " << t;
      EXPECT_LE(kinetic_after_mass_thickness(v, m, float(t), 1.001f * range_f), 0.0f) << name << " " << t;
    }
    // At or below the smallest tabulated range the muon counts as stopped.
    EXPECT_EQ(kinetic_from_range(v, m, 0.5 * csda_range(v, m, RangeTables::kMinKinetic_GeV)), 0.0);
    EXPECT_EQ(kinetic_from_range(v, m, 0.0), 0.0);
  }
}

TEST_F(RangeTableTest, VacuumNeverLosesEnergy) {
  const RangeTableView v = tables_->view();
  const int vac = index("vacuum");
  for (double t : {0.01, 1.0, 1e3}) {
    EXPECT_GT(csda_range(v, vac, t), 1e20);
    EXPECT_EQ(kinetic_after_mass_thickness(v, vac, t, 0.0), t);  // vacuum: zero mass thickness
    EXPECT_EQ(kinetic_after_mass_thickness(v, vac, float(t), 0.0f), float(t));
    EXPECT_NEAR(kinetic_from_range(v, vac, csda_range(v, vac, t)), t, 3e-3 * t);
  }
  EXPECT_TRUE(std::isinf(csda_range_integrated((*materials_)[vac], 1.0)));
}

TEST_F(RangeTableTest, LayoutAndViewAreConsistent) {
  const RangeTableView v = tables_->view();
  EXPECT_EQ(v.n_points, 801);
  EXPECT_EQ(tables_->n_materials(), int(materials_->size()));
  EXPECT_EQ(tables_->log_range().size(), materials_->size() * size_t(v.n_points));
  EXPECT_NEAR(std::exp(double(v.log_kinetic_min)), 1e-3, 1e-9);
  // Ranges increase with energy in every material.
  for (size_t m = 0; m < materials_->size(); ++m)
    for (int i = 1; i < v.n_points; ++i) {
      ASSERT_GT(v.log_range[m * v.n_points + i], v.log_range[m * v.n_points + i - 1]) << m;
      ASSERT_GE(v.log_kinetic[m * v.n_points + i], v.log_kinetic[m * v.n_points + i - 1]) << m;
    }
}

}  // namespace
}  // namespace detgrad
