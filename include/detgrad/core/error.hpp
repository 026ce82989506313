#pragma once
// Host-side errors. A StudyError is a problem with the user's input: it names the JSON
// path, the value and what was expected, and makes the CLI exit with code 2.
#include <stdexcept>
#include <string>

namespace detgrad {

class StudyError : public std::runtime_error {
 public:
  StudyError(const std::string& path, const std::string& message)
      : std::runtime_error(path.empty() ? message : path + ": " + message), path_(path) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A requested backend or device that is not usable (e.g. --backend cuda without a GPU).
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace detgrad
