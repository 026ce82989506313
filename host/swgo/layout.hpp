#pragma once
// A layout: the (x, y) positions of an array's units, m.
#include <cstddef>
#include <vector>

namespace detgrad::swgo {

struct Layout {
  std::vector<double> x, y;
  std::size_t size() const { return x.size(); }
  void add(double px, double py) {
    x.push_back(px);
    y.push_back(py);
  }
};

}  // namespace detgrad::swgo
