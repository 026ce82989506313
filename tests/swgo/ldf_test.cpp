#include "detgrad/swgo/ldf.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/core/error.hpp"
#include "swgo/ldf_file.hpp"
#include "swgo/swgo_data.hpp"

namespace detgrad::swgo {
namespace {

const LdfTables<double>& tables() {
  static const LdfTables<double> t = read_ldf_tables(test::swgo_data_dir());
  return t;
}

// |value - printed| within half a unit of the printed value's last (third) significant digit.
void expect_printed(double value, double printed) {
  const double unit = std::pow(10.0, std::floor(std::log10(std::fabs(printed))) - 2.0);
  EXPECT_LE(std::fabs(value - printed), 0.5 * unit) << value << " printed as " << printed;
}

// The check-value table of the reference model (docs/swgo.md), theta = 0.
TEST(Ldf, ReproducesTheReferenceCheckValues) {
  struct Row {
    double E, R, e_gamma, mu_gamma, e_proton, mu_proton;
  };
  const Row rows[] = {{0.1, 100, 2.38, 2.43e-4, 1.29, 6.51e-3},
                      {1, 10, 986, 0.0244, 524, 0.486},
                      {1, 100, 7.19, 2.03e-3, 7.21, 0.0439},
                      {10, 100, 68.3, 0.0163, 51.0, 0.338}};
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << "E " << r.E << " R " << r.R);
    const auto density = [&](Primary p, Species s) {
      return ldf_density(s, ldf_params(tables(), p, s, r.E, 0.0), r.R);
    };
    expect_printed(density(Primary::gamma, Species::electron), r.e_gamma);
    expect_printed(density(Primary::gamma, Species::muon), r.mu_gamma);
    expect_printed(density(Primary::proton, Species::electron), r.e_proton);
    expect_printed(density(Primary::proton, Species::muon), r.mu_proton);
  }
}

TEST(Ldf, EnergyVariableSpansHalfToTwentyAndAHalf) {
  EXPECT_DOUBLE_EQ(ldf_energy_variable(0.1), 0.5);
  EXPECT_DOUBLE_EQ(ldf_energy_variable(1.0), 10.5);
  EXPECT_NEAR(ldf_energy_variable(10.0), 20.5, 1e-13);
  EXPECT_DOUBLE_EQ(ldf_zenith_variable(0.0), 0.5);
  EXPECT_DOUBLE_EQ(ldf_zenith_variable(kThetaMax_rad), 4.5);
}

TEST(Ldf, LagrangeWeightsInterpolateACubicExactly) {
  for (int k = 1; k <= 4; ++k) {
    double w[4];
    lagrange4_weights(double(k), w);
    for (int j = 0; j < 4; ++j) EXPECT_DOUBLE_EQ(w[j], j == k - 1 ? 1.0 : 0.0);
  }
  const auto cubic = [](double x) { return 2.0 - 3.0 * x + 0.5 * x * x - 0.25 * x * x * x; };
  for (double x : {0.5, 1.7, 3.2, 4.5}) {
    double w[4];
    lagrange4_weights(x, w);
    const double value = w[0] * cubic(1) + w[1] * cubic(2) + w[2] * cubic(3) + w[3] * cubic(4);
    EXPECT_NEAR(value, cubic(x), 1e-12);
  }
}

// At the bin centres (x = 1..4) the interpolation returns the block's own formula.
TEST(Ldf, BinCentresGiveTheBlocksFormulas) {
  const double E = 2.5;
  const double xe = 0.5 + 20.0 * std::log(E / 0.1) / std::log(100.0);
  for (int bin = 0; bin < 4; ++bin) {
    const double theta = (bin + 0.5) * kThetaMax_rad / 4.0;
    for (int primary = 0; primary < 2; ++primary) {
      for (int species = 0; species < 2; ++species) {
        const auto& q = tables().q[primary][species * 4 + bin];
        const bool product = primary == 0 && species == 0;
        const double p0 = product ? q[0][0] * std::exp(q[0][1] * std::pow(xe, q[0][2]))
                                  : std::exp(q[0][0]) + std::exp(q[0][1] * std::pow(xe, q[0][2]));
        const double p1 = q[1][0] + q[1][1] * xe + q[1][2] * xe * xe;
        const double p2 = q[2][0] + q[2][1] * xe + q[2][2] * xe * xe;
        const auto p = ldf_params(tables(), Primary(primary), Species(species), E, theta);
        EXPECT_NEAR(p.p0, p0, 1e-12 * std::fabs(p0));
        EXPECT_NEAR(p.p1, p1, 1e-12 * std::fabs(p1) + 1e-14);
        EXPECT_NEAR(p.p2, p2, 1e-12 * std::fabs(p2));
        const double R = 57.0;
        const double rho = species == 0 ? p0 * std::exp(-p1 * std::pow(R, p2)) : 0.02 * p0 * std::exp(-std::pow(R, p2));
        EXPECT_NEAR(ldf_density(Species(species), p, R), rho, 1e-11 * rho);
      }
    }
  }
}

TEST(Ldf, DensityAdjointMatchesFiniteDifferences) {
  for (int primary = 0; primary < 2; ++primary) {
    for (int species = 0; species < 2; ++species) {
      const auto p = ldf_params(tables(), Primary(primary), Species(species), 0.7, 0.4);
      for (double R : {3.0, 25.0, 140.0, 600.0}) {
        double d_R = 0.0;
        ldf_density_adjoint(Species(species), p, R, 1.0, d_R);
        const double h = 1e-5 * R;
        const double fd = (ldf_density(Species(species), p, R + h) - ldf_density(Species(species), p, R - h)) / (2 * h);
        EXPECT_NEAR(d_R, fd, 1e-6 * std::fabs(fd) + 1e-300) << primary << species << " R " << R;
        EXPECT_LT(d_R, 0.0);
      }
    }
  }
}

TEST(LdfFile, MalformedLinesNameFileAndLine) {
  LdfTables<double> t{};
  std::string text;
  for (int i = 0; i < 24; ++i) text += "1 2 3\n";
  EXPECT_NO_THROW(parse_ldf_text(text, "ok.txt", Primary::gamma, t));
  std::string bad = text;
  bad.replace(bad.find("1 2 3", 6 * 4), 5, "1 x 3");  // line 5
  try {
    parse_ldf_text(bad, "bad.txt", Primary::gamma, t);
    FAIL() << "no error";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt:5"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_ldf_text("1 2 3\n", "short.txt", Primary::gamma, t), StudyError);
  EXPECT_THROW(parse_ldf_text(text + "1 2 3\n", "long.txt", Primary::gamma, t), StudyError);
  EXPECT_THROW(parse_ldf_text("1 2 3 4\n" + text, "wide.txt", Primary::gamma, t), StudyError);
  EXPECT_THROW(read_ldf_file("/nonexistent/ldf.txt", Primary::gamma, t), StudyError);
}

// The files are 24 lines of some 27 bytes: lines over 1 KiB and files over 64 KiB are refused.
TEST(LdfFile, LimitsOfLineAndSize) {
  LdfTables<double> t{};
  const auto error_of = [&](const std::string& text) -> std::string {
    try {
      parse_ldf_text(text, "ldf.txt", Primary::gamma, t);
    } catch (const StudyError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of(std::string(2000, ' ') + "\n").find("ldf.txt:1: line longer than the limit of 1 KiB"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(65537, '\n')).find("ldf.txt: larger than the limit of 64 KiB"), std::string::npos);
}

}  // namespace
}  // namespace detgrad::swgo
