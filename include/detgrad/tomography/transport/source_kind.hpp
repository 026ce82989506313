#pragma once
// Which muon source a study uses.
namespace detgrad {
enum class SourceKind { cosmic, beam };
}
