#pragma once
// Primaries and the ground-particle species of the SWGO model.
namespace detgrad::swgo {

enum class Primary : int { gamma = 0, proton = 1 };
enum class Species : int { electron = 0, muon = 1 };  // electron: e/gamma
constexpr int kPrimaries = 2;
constexpr int kSpecies = 2;

}  // namespace detgrad::swgo
