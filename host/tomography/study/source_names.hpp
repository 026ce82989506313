#pragma once
// The JSON spellings of the tomography study's source enums, shared by its reader and writer.
#include "detgrad/tomography/study_config.hpp"
#include "study/study_names.hpp"

namespace detgrad::study_detail {

inline const NameTable<SourceKind>& source_kind_names() {
  static const NameTable<SourceKind> table = {{"cosmic", SourceKind::cosmic}, {"beam", SourceKind::beam}};
  return table;
}

inline const NameTable<CosmicModel>& cosmic_model_names() {
  static const NameTable<CosmicModel> table = {{"guan2015", CosmicModel::guan2015},
                                               {"shukla2016", CosmicModel::shukla2016}};
  return table;
}

}  // namespace detgrad::study_detail
