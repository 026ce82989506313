#pragma once
// The executor a study or a command asks for (the study key "backend", the option
// --backend): `automatic` takes CUDA when a usable device is present, else the CPU
// (host/backend/backend.hpp chooses).
namespace detgrad {

enum class Backend { automatic, cpu, cuda };

}  // namespace detgrad
