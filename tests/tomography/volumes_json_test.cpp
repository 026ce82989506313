// The study's "volumes" section: a full section parses to its values, volumes_json
// round-trips (null presence included), defaults validate on the grids they are for, and
// every kind of bad input is a StudyError naming the JSON path and what was expected.
#include "tomography/volumes_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "detgrad/core/error.hpp"

namespace detgrad::tomography {
namespace {

using nlohmann::json;

VolumesConfig parse(const json& section) { return read_volumes(study_detail::JsonValue(section, "volumes")); }

VolumeConfig ladle_grid() {
  VolumeConfig grid;
  grid.origin_m = {0, 0, 0.4};
  grid.voxels = {10, 10, 10};
  return grid;
}

TEST(VolumesJson, FullSectionParsesAndRoundTrips) {
  const json section = json::parse(R"({
    "generator": "random_blocks", "per_step": 5, "muons_per_volume": 1000, "evaluation_volumes": 96,
    "evaluation_seed": 7, "wall_material": "iron", "melt_material": "lead", "slag_material": "rock",
    "gas_material": "vacuum", "slag_thickness_m": 0.2, "fill_height_min_m": 0.7, "fill_height_max_m": 1.1,
    "block_materials": ["uranium", "iron"], "block_count_min": 1, "block_count_max": 4,
    "block_size_min": [2, 1, 1], "block_size_max": [4, 4, 3], "presence_probability": 0.25})");
  const VolumesConfig c = parse(section);
  EXPECT_EQ(c.generator, "random_blocks");
  EXPECT_EQ(c.per_step, 5u);
  EXPECT_EQ(c.muons_per_volume, 1000u);
  EXPECT_EQ(c.evaluation_volumes, 96u);
  EXPECT_EQ(c.evaluation_seed, 7u);
  EXPECT_EQ(c.wall_material, "iron");
  EXPECT_EQ(c.gas_material, "vacuum");
  EXPECT_EQ(c.slag_thickness_m, 0.2);
  EXPECT_EQ(c.fill_height_max_m, 1.1);
  EXPECT_EQ(c.block_materials, (std::vector<std::string>{"uranium", "iron"}));
  EXPECT_EQ(c.block_count_max, 4u);
  EXPECT_EQ(c.block_size_min, (std::array<int, 3>{2, 1, 1}));
  EXPECT_EQ(c.block_size_max, (std::array<int, 3>{4, 4, 3}));
  ASSERT_TRUE(c.presence_probability.has_value());
  EXPECT_EQ(*c.presence_probability, 0.25);
  EXPECT_NO_THROW(validate_volumes(c, VolumeConfig{}));
  EXPECT_EQ(volumes_json(c), section);
  EXPECT_EQ(volumes_json(parse(volumes_json(c))), section);
}

TEST(VolumesJson, DefaultsAndNullPresence) {
  const VolumesConfig c = parse(json::object());
  EXPECT_EQ(c.generator, "fixed");
  EXPECT_EQ(c.per_step, 1u);
  EXPECT_EQ(c.evaluation_volumes, 8u);
  EXPECT_EQ(c.evaluation_seed, 12345u);
  EXPECT_EQ(c.presence_probability, 0.5);
  EXPECT_NO_THROW(validate_volumes(c, VolumeConfig{}));
  const json written = volumes_json(c);
  EXPECT_EQ(written.size(), 18u);
  EXPECT_EQ(parse(written).block_size_max, c.block_size_max);

  const VolumesConfig no_label = parse(json{{"presence_probability", nullptr}});
  EXPECT_FALSE(no_label.presence_probability.has_value());
  EXPECT_TRUE(volumes_json(no_label)["presence_probability"].is_null());
  EXPECT_FALSE(parse(volumes_json(no_label)).presence_probability.has_value());

  // The ladle furnace's defaults fit TomOpt's 0.4 .. 1.4 m volume.
  EXPECT_NO_THROW(validate_volumes(parse(json{{"generator", "ladle_furnace"}}), ladle_grid()));
  EXPECT_NO_THROW(validate_volumes(parse(json{{"generator", "random_blocks"}}), VolumeConfig{}));
}

struct BadCase {
  const char* name;
  json section;
  VolumeConfig grid;
  std::string path;
  std::string phrase;
};

VolumeConfig grid_with(std::array<int, 3> voxels) {
  VolumeConfig grid = ladle_grid();
  grid.voxels = voxels;
  return grid;
}

TEST(VolumesJson, BadInputsNameThePathAndTheProblem) {
  const VolumeConfig ladle = ladle_grid(), plain;
  const json ladle_section = {{"generator", "ladle_furnace"}}, blocks = {{"generator", "random_blocks"}};
  auto with = [](json base, const json& patch) {
    base.update(patch);
    return base;
  };
  const BadCase cases[] = {
      {"typo", {{"per_stepp", 2}}, plain, "volumes.per_stepp", "did you mean per_step?"},
      {"generator", {{"generator", "ladle"}}, plain, "volumes.generator", "is not one of"},
      {"type", {{"per_step", "two"}}, plain, "volumes.per_step", "expected"},
      {"per_step", {{"per_step", 0}}, plain, "volumes.per_step", "at least 1"},
      {"evaluation", {{"evaluation_volumes", 0}}, plain, "volumes.evaluation_volumes", "at least 1"},
      {"boundary", with(ladle_section, {{"fill_height_min_m", 0.65}}), ladle, "volumes.fill_height_min_m",
       "not a voxel-layer boundary"},
      {"above top", with(ladle_section, {{"fill_height_max_m", 1.5}}), ladle, "volumes.fill_height_max_m",
       "not inside the volume"},
      {"in the wall", with(ladle_section, {{"fill_height_min_m", 0.4}}), ladle, "volumes.fill_height_min_m",
       "not inside the volume"},
      {"ladle order", with(ladle_section, {{"fill_height_min_m", 1.0}, {"fill_height_max_m", 0.8}}), ladle,
       "volumes.fill_height_min_m", "expected min <= max"},
      {"slag", with(ladle_section, {{"slag_thickness_m", -0.1}}), ladle, "volumes.slag_thickness_m", "must be >= 0"},
      {"small grid", ladle_section, grid_with({10, 2, 10}), "volumes.generator", "at least 3 x 3 x 2"},
      {"no materials", with(blocks, {{"block_materials", json::array()}}), plain, "volumes.block_materials",
       "at least one material"},
      {"empty name", with(blocks, {{"block_materials", {"uranium", ""}}}), plain, "volumes.block_materials[1]",
       "non-empty material name"},
      {"size zero", with(blocks, {{"block_size_min", {0, 1, 1}}}), plain, "volumes.block_size_min[0]",
       "must be >= 1"},
      {"size grid", with(blocks, {{"block_size_max", {3, 3, 7}}}), plain, "volumes.block_size_max[2]",
       "larger than the grid"},
      {"size order", with(blocks, {{"block_size_min", {1, 3, 1}}, {"block_size_max", {3, 2, 2}}}), plain,
       "volumes.block_size_min[1]", "expected min <= max"},
      {"count order", with(blocks, {{"block_count_min", 3}}), plain, "volumes.block_count_min",
       "expected min <= max"},
      {"count max", with(blocks, {{"block_count_max", 5000}}), plain, "volumes.block_count_max", "at most 1000"},
      {"probability", with(blocks, {{"presence_probability", 1.5}}), plain, "volumes.presence_probability",
       "probability in [0, 1]"},
      {"dense background", with(blocks, {{"block_materials", {"beryllium"}}}), plain, "volumes.block_materials[0]",
       "background without the dense material"},
  };
  for (const BadCase& bad : cases) {
    try {
      validate_volumes(parse(bad.section), bad.grid);
      ADD_FAILURE() << bad.name << ": no error";
    } catch (const StudyError& error) {
      EXPECT_EQ(error.path(), bad.path) << bad.name << ": " << error.what();
      EXPECT_NE(std::string(error.what()).find(bad.phrase), std::string::npos) << bad.name << ": " << error.what();
    }
  }
  // Without a presence label the background may hold the first block material.
  EXPECT_NO_THROW(validate_volumes(
      parse(with(blocks, {{"block_materials", {"beryllium"}}, {"presence_probability", nullptr}})), plain));
}

}  // namespace
}  // namespace detgrad::tomography
