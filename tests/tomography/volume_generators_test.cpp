// Training and evaluation volumes: deterministic in (seed, index); the ladle furnace's
// layers and fill-height distribution; random blocks' presence label, bounds and sizes;
// the fixed generator reproduces the study's volume; the material lists.
#include "tomography/volume_generators.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace detgrad::tomography {
namespace {

// TomOpt's ladle furnace: 1 x 1 m, 10 layers of 0.1 m from z = 0.4 to 1.4 m.
VolumeConfig ladle_grid() {
  VolumeConfig grid;
  grid.origin_m = {0, 0, 0.4};
  grid.voxels = {10, 10, 10};
  grid.fill = "air";
  return grid;
}

VolumesConfig ladle_config() {
  VolumesConfig c;
  c.generator = "ladle_furnace";
  return c;
}

VolumesConfig blocks_config() {
  VolumesConfig c;
  c.generator = "random_blocks";
  return c;
}

std::size_t at(const VolumeConfig& g, int ix, int iy, int iz) { return ix + g.voxels[0] * (iy + g.voxels[1] * iz); }

TEST(VolumeGenerators, SameSeedAndIndexGiveTheSameVolumeAndIndicesDiffer) {
  const VolumeConfig ladle = ladle_grid(), grid;
  for (const auto& [c, g] : {std::pair{ladle_config(), ladle}, std::pair{blocks_config(), grid}}) {
    const GeneratedVolume a = generate_volume(g, c, 7, 3), b = generate_volume(g, c, 7, 3);
    EXPECT_EQ(a.voxel_materials, b.voxel_materials);
    EXPECT_EQ(a.fill_height_m, b.fill_height_m);
    EXPECT_EQ(a.dense_present, b.dense_present);
    std::set<std::vector<std::string>> distinct;
    for (std::uint64_t i = 0; i < 20; ++i) distinct.insert(generate_volume(g, c, 7, i).voxel_materials);
    EXPECT_GE(distinct.size(), 5u) << c.generator;  // 8 fill heights / many block layouts
    std::set<std::vector<std::string>> seeds;
    for (std::uint64_t s = 0; s < 20; ++s) seeds.insert(generate_volume(g, c, s, 0).voxel_materials);
    EXPECT_GE(seeds.size(), 5u) << c.generator;
  }
}

TEST(VolumeGenerators, LadleFurnaceLayers) {
  const VolumeConfig g = ladle_grid();
  const VolumesConfig c = ladle_config();
  for (std::uint64_t index = 0; index < 50; ++index) {
    const GeneratedVolume v = generate_volume(g, c, 1, index);
    ASSERT_EQ(v.voxel_materials.size(), 1000u);
    EXPECT_FALSE(v.dense_present);
    for (int iz = 0; iz < 10; ++iz) {
      const double bottom = 0.4 + 0.1 * iz, top = bottom + 0.1;
      std::string expected_inside = "air";
      if (top <= v.fill_height_m + 1e-9) expected_inside = "liquid_steel";
      else if (bottom >= v.fill_height_m - 1e-9 && top <= v.fill_height_m + 0.1 + 1e-9) expected_inside = "slag";
      for (int iy = 0; iy < 10; ++iy)
        for (int ix = 0; ix < 10; ++ix) {
          const bool wall = iz == 0 || ix == 0 || iy == 0 || ix == 9 || iy == 9;
          ASSERT_EQ(v.voxel_materials[at(g, ix, iy, iz)], wall ? "steel" : expected_inside)
              << "index " << index << " voxel " << ix << "," << iy << "," << iz << " fill " << v.fill_height_m;
        }
    }
    // Melt reaches the fill height exactly: the layer just below it is melt, the one above slag.
    const int k = int(std::lround((v.fill_height_m - 0.4) / 0.1));
    EXPECT_EQ(v.voxel_materials[at(g, 5, 5, k - 1)], "liquid_steel");
    if (k < 10) {
      EXPECT_EQ(v.voxel_materials[at(g, 5, 5, k)], "slag");
    }
    if (k + 1 < 10) {
      EXPECT_EQ(v.voxel_materials[at(g, 5, 5, k + 1)], "air");
    }
  }
}

TEST(VolumeGenerators, LadleFillHeightsCoverTheEightValuesUniformly) {
  const VolumeConfig g = ladle_grid();
  const VolumesConfig c = ladle_config();
  const std::vector<double> heights = fill_heights(c, g);
  ASSERT_EQ(heights.size(), 8u);
  EXPECT_NEAR(heights.front(), 0.6, 1e-12);
  EXPECT_NEAR(heights.back(), 1.3, 1e-12);
  std::map<long, int> counts;
  const int n = 4000;
  for (int i = 0; i < n; ++i) counts[std::lround(generate_volume(g, c, 99, i).fill_height_m * 10)]++;
  ASSERT_EQ(counts.size(), 8u);
  for (long h = 6; h <= 13; ++h) {
    EXPECT_NEAR(counts[h], n / 8.0, 4 * std::sqrt(n / 8.0 * 7 / 8.0)) << "fill height " << h / 10.0;  // 4 sigma
  }
}

TEST(VolumeGenerators, RandomBlocksPresenceIsAFiftyFiftyLabel) {
  const VolumeConfig g;  // 10 x 10 x 6 of beryllium
  VolumesConfig c = blocks_config();
  c.block_materials = {"uranium", "iron"};
  int present = 0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    const GeneratedVolume v = generate_volume(g, c, 5, i);
    const long uranium = std::count(v.voxel_materials.begin(), v.voxel_materials.end(), "uranium");
    EXPECT_EQ(v.dense_present, uranium > 0) << i;
    if (v.dense_present) {
      ++present;
      EXPECT_GE(uranium, 1);
      EXPECT_LE(uranium, 3 * 3 * 2);  // one dense block, never covered
    }
    for (const std::string& m : v.voxel_materials) EXPECT_TRUE(m == "beryllium" || m == "uranium" || m == "iron") << m;
  }
  EXPECT_NEAR(present / double(n), 0.5, 0.05);
}

TEST(VolumeGenerators, RandomBlocksStayInsideTheGridWithSizesInLimits) {
  VolumeConfig g;
  g.voxels = {7, 5, 4};
  g.fill = "air";
  VolumesConfig c = blocks_config();
  c.block_count_min = c.block_count_max = 1;
  c.block_size_min = {2, 1, 2};
  c.block_size_max = {4, 3, 2};
  for (int i = 0; i < 300; ++i) {
    const GeneratedVolume v = generate_volume(g, c, 11, i);
    ASSERT_EQ(v.voxel_materials.size(), 7u * 5 * 4);
    std::array<int, 3> lo{99, 99, 99}, hi{-1, -1, -1};
    long voxels = 0;
    for (int iz = 0; iz < 4; ++iz)
      for (int iy = 0; iy < 5; ++iy)
        for (int ix = 0; ix < 7; ++ix)
          if (v.voxel_materials[at(g, ix, iy, iz)] == "uranium") {
            ++voxels;
            const int cell[3] = {ix, iy, iz};
            for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], cell[a]), hi[a] = std::max(hi[a], cell[a]);
          }
    if (!v.dense_present) {
      EXPECT_EQ(voxels, 0);  // one block material only: an absent volume has no block
      continue;
    }
    long box = 1;
    for (int a = 0; a < 3; ++a) {
      const int size = hi[a] - lo[a] + 1;
      EXPECT_GE(size, c.block_size_min[a]);
      EXPECT_LE(size, c.block_size_max[a]);
      box *= size;
    }
    EXPECT_EQ(voxels, box);  // a full axis-aligned box
  }
}

TEST(VolumeGenerators, RandomBlocksWithoutLabelDrawEveryMaterial) {
  const VolumeConfig g;
  VolumesConfig c = blocks_config();
  c.presence_probability.reset();
  c.block_materials = {"uranium", "lead"};
  c.block_count_min = 1;
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const GeneratedVolume v = generate_volume(g, c, 3, i);
    seen.insert(v.voxel_materials.begin(), v.voxel_materials.end());
    EXPECT_EQ(v.dense_present, std::count(v.voxel_materials.begin(), v.voxel_materials.end(), "uranium") > 0);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"beryllium", "uranium", "lead"}));
}

TEST(VolumeGenerators, FixedReproducesTheStudyVolume) {
  VolumeConfig g;  // TomOpt's hello world: lead in x, y index >= 5 and 0.4 <= z <= 0.5 m
  g.boxes.push_back({"lead", {0.5, 0.5, 0.4}, {1.0, 1.0, 0.5}});
  VolumesConfig c;
  const GeneratedVolume v = generate_volume(g, c, 1, 17);
  ASSERT_EQ(v.voxel_materials.size(), 600u);
  for (int iz = 0; iz < 6; ++iz)
    for (int iy = 0; iy < 10; ++iy)
      for (int ix = 0; ix < 10; ++ix) {
        const bool lead = ix >= 5 && iy >= 5 && iz == 2;
        EXPECT_EQ(v.voxel_materials[at(g, ix, iy, iz)], lead ? "lead" : "beryllium");
      }
  EXPECT_EQ(generate_volume(g, c, 2, 0).voxel_materials, v.voxel_materials);
  VolumeConfig explicit_grid = g;
  explicit_grid.boxes.clear();
  explicit_grid.voxel_materials = v.voxel_materials;
  explicit_grid.voxel_materials[0] = "iron";
  EXPECT_EQ(generate_volume(explicit_grid, c, 1, 0).voxel_materials, explicit_grid.voxel_materials);
}

TEST(VolumeGenerators, GeneratorMaterialsListEveryMaterialOnce) {
  VolumeConfig g;
  g.boxes.push_back({"lead", {0, 0, 0}, {1, 1, 1}});
  g.boxes.push_back({"beryllium", {0, 0, 0}, {1, 1, 1}});
  VolumesConfig c;
  EXPECT_EQ(generator_materials(c, g), (std::vector<std::string>{"beryllium", "lead"}));
  c = blocks_config();
  c.block_materials = {"uranium", "lead", "iron"};
  EXPECT_EQ(generator_materials(c, g), (std::vector<std::string>{"beryllium", "lead", "uranium", "iron"}));
  EXPECT_EQ(generator_materials(ladle_config(), g),
            (std::vector<std::string>{"steel", "liquid_steel", "slag", "air"}));
}

}  // namespace
}  // namespace detgrad::tomography
