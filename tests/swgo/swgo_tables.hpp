#pragma once
// The reference's LDF tables, read once per test program.
#include "detgrad/swgo/ldf.hpp"
#include "swgo/ldf_file.hpp"
#include "swgo/swgo_data.hpp"

namespace detgrad::test {

inline const swgo::LdfTables<double>& swgo_tables() {
  static const swgo::LdfTables<double> t = swgo::read_ldf_tables(swgo_data_dir());
  return t;
}

}  // namespace detgrad::test
