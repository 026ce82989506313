// The task boundary: shared code neither includes a task's header nor names a task.
//
// The rule, checked over the source tree (DETGRAD_SOURCE_DIR):
// - Shared folders are include/detgrad/{core,geometry,physics,study,tracking},
//   host/{backend,cli,optimize,output,physics,study,tasks} and, in kernels/, every file whose
//   name does not begin with a task's name (grid_stride.cuh, philox_check.cu, ...).
// - A shared file includes (#include "...") only shared headers: a path under one of the
//   shared folders, or a file beside it in its own folder.
// - A shared file does not name a task (tomography, swgo, muone: the namespaces of the
//   registry's list, so a new task is covered when it is registered) in its code,
//   case-insensitively: not in identifiers, string literals or include paths. Comments may
//   name tasks (examples, cross-references).
// - The one exception is host/tasks/builtin_tasks.cpp, the registry's list of the built-in
//   tasks and its documented default task.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace detgrad {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kSharedIncludeFolders{"core", "geometry", "physics", "study", "tracking"};
const std::vector<std::string> kSharedHostFolders{"backend", "cli", "install", "optimize", "output", "physics", "study", "tasks"};
const char* const kTaskList = "host/tasks/builtin_tasks.cpp";

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The code of a C++ or CUDA source: comments replaced by spaces (line breaks kept, so line
// numbers stay), string and character literals and raw strings kept as they are.
std::string code_without_comments(const std::string& text) {
  std::string out = text;
  const std::size_t n = text.size();
  std::size_t i = 0;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < n; ++k) {
      if (out[k] != '\n') out[k] = ' ';
    }
  };
  while (i < n) {
    const char c = text[i];
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      std::size_t end = text.find('\n', i);
      if (end == std::string::npos) end = n;
      blank(i, end);
      i = end;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      end = end == std::string::npos ? n : end + 2;
      blank(i, end);
      i = end;
    } else if (c == '"' && i > 0 && text[i - 1] == 'R' && (i < 2 || !is_identifier_char(text[i - 2]) ||
                                                           std::string("8uUL").find(text[i - 2]) != std::string::npos)) {
      // R"delim( ... )delim"
      const std::size_t open = text.find('(', i);
      if (open == std::string::npos) return out;
      const std::string close = ")" + text.substr(i + 1, open - i - 1) + "\"";
      const std::size_t end = text.find(close, open);
      i = end == std::string::npos ? n : end + close.size();
    } else if (c == '"' || (c == '\'' && (i == 0 || !is_identifier_char(text[i - 1])))) {
      // A string or character literal (a ' after a digit is a digit separator).
      std::size_t k = i + 1;
      while (k < n && text[k] != c && text[k] != '\n') k += text[k] == '\\' ? 2 : 1;
      i = k + 1;
    } else {
      ++i;
    }
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int line_of(const std::string& text, std::size_t offset) {
  return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n'));
}

// The task names of the registry's list: `name::name_task_definition()` entries.
std::vector<std::string> registered_task_names(const std::string& task_list) {
  const std::string code = code_without_comments(task_list);
  const std::regex entry(R"(\b([a-z][a-z0-9_]*)::([a-z0-9_]+)_task_definition\s*\(\s*\))");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(code.begin(), code.end(), entry); it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Whether a quoted include of a shared file names a shared header.
bool is_shared_include(const std::string& include) {
  const std::size_t slash = include.find('/');
  if (slash == std::string::npos) return true;  // beside the including file, in its shared folder
  const std::string first = include.substr(0, slash);
  if (first == "detgrad") {
    const std::string rest = include.substr(slash + 1);
    return contains(kSharedIncludeFolders, rest.substr(0, rest.find('/')));
  }
  return contains(kSharedHostFolders, first);
}

// "path:line: what" for every breach of the rule in one shared file's text.
std::vector<std::string> boundary_breaches(const std::string& name, const std::string& text,
                                           const std::vector<std::string>& tasks) {
  std::vector<std::string> found;
  const std::string code = code_without_comments(text);
  const std::regex include(R"(#\s*include\s*"([^"]+)\")");
  for (auto it = std::sregex_iterator(code.begin(), code.end(), include); it != std::sregex_iterator(); ++it) {
    if (!is_shared_include((*it)[1])) {
      found.push_back(name + ":" + std::to_string(line_of(code, std::size_t(it->position()))) +
                      ": includes a header outside the shared folders: \"" + std::string((*it)[1]) + "\"");
    }
  }
  const std::string code_lower = lower(code);
  for (const std::string& task : tasks) {
    // One entry per line that names the task.
    for (std::size_t at = code_lower.find(task); at != std::string::npos;) {
      std::size_t begin = code.rfind('\n', at);
      begin = begin == std::string::npos ? 0 : begin + 1;
      const std::size_t end = std::min(code.find('\n', at), code.size());
      std::string line = code.substr(begin, end - begin);
      line.erase(line.find_last_not_of(' ') + 1);
      found.push_back(name + ":" + std::to_string(line_of(code, at)) + ": names the task \"" + task +
                      "\" in code: " + line);
      at = code_lower.find(task, end);
    }
  }
  return found;
}

bool is_source(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".hpp" || ext == ".cpp" || ext == ".h" || ext == ".cu" || ext == ".cuh";
}

// Every shared source file, as a path relative to the source tree.
std::vector<fs::path> shared_files(const fs::path& root, const std::vector<std::string>& tasks) {
  std::vector<fs::path> folders;
  for (const std::string& f : kSharedIncludeFolders) folders.push_back(fs::path("include") / "detgrad" / f);
  for (const std::string& f : kSharedHostFolders) folders.push_back(fs::path("host") / f);
  std::vector<fs::path> files;
  for (const fs::path& folder : folders) {
    if (!fs::is_directory(root / folder)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      if (entry.is_regular_file() && is_source(entry.path())) files.push_back(fs::relative(entry.path(), root));
    }
  }
  for (const auto& entry : fs::directory_iterator(root / "kernels")) {
    const std::string file = lower(entry.path().filename().string());
    const bool task_file = std::any_of(tasks.begin(), tasks.end(), [&](const std::string& t) { return starts_with(file, t); });
    if (entry.is_regular_file() && is_source(entry.path()) && !task_file) files.push_back(fs::relative(entry.path(), root));
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path source_root() {
  const char* root = std::getenv("DETGRAD_SOURCE_DIR");
  if (!root || !*root) throw std::runtime_error("DETGRAD_SOURCE_DIR is not set (run this test through ctest)");
  return root;
}

const std::vector<std::string> kTasks{"tomography", "swgo", "muone"};

TEST(TaskBoundaryRule, CommentsAreNotCodeButStringsAre) {
  const std::string text = "int a; // tomography\n/* swgo\n muone */ int b;\nconst char* s = \"http://x\"; // muone\n";
  EXPECT_TRUE(boundary_breaches("a.cpp", text, kTasks).empty());
  const auto in_string = boundary_breaches("a.cpp", "int a;\nconst char* s = \"// Tomography\";\n", kTasks);
  ASSERT_EQ(in_string.size(), 1u);
  EXPECT_EQ(in_string[0].rfind("a.cpp:2: names the task \"tomography\"", 0), 0u) << in_string[0];
  EXPECT_EQ(boundary_breaches("a.cpp", "auto s = R\"x(// /* swgo )x\";\n", kTasks).size(), 1u);
  EXPECT_EQ(boundary_breaches("a.cpp", "int n = 1'000; // swgo 'x'\nint muone_count;\n", kTasks).size(), 1u);
  EXPECT_EQ(boundary_breaches("a.cpp", "struct SwgoView;\n", kTasks).size(), 1u);
}

TEST(TaskBoundaryRule, OnlySharedHeadersAreIncluded) {
  const std::string text =
      "#include <vector>\n#include \"detgrad/core/error.hpp\"\n#include \"study/json_reader.hpp\"\n"
      "#include \"grid_stride.cuh\"\n#include \"detgrad/calorimeter/cell.hpp\"\n#include \"renamed/x.hpp\"\n";
  const auto found = boundary_breaches("k.cu", text, {});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], "k.cu:5: includes a header outside the shared folders: \"detgrad/calorimeter/cell.hpp\"");
  EXPECT_EQ(found[1], "k.cu:6: includes a header outside the shared folders: \"renamed/x.hpp\"");
}

TEST(TaskBoundaryRule, TheRegistryListGivesTheTaskNames) {
  const std::string list =
      "// a::old_task_definition() in a comment is not an entry\n"
      "  return {tomography::tomography_task_definition(), swgo::swgo_task_definition(),\n"
      "          muone::muone_task_definition()};\n";
  EXPECT_EQ(registered_task_names(list), kTasks);
}

TEST(TaskBoundary, SharedFoldersNeitherIncludeNorNameATask) {
  const fs::path root = source_root();
  const std::vector<std::string> tasks = registered_task_names(read_file(root / kTaskList));
  ASSERT_GE(tasks.size(), 3u) << "no task list found in " << kTaskList;
  const std::vector<fs::path> files = shared_files(root, tasks);
  ASSERT_GE(files.size(), 50u) << "the shared folders were not found under " << root;
  std::vector<std::string> breaches;
  for (const fs::path& file : files) {
    if (file == fs::path(kTaskList)) continue;
    for (std::string& b : boundary_breaches(file.generic_string(), read_file(root / file), tasks)) breaches.push_back(b);
  }
  std::string report;
  for (const std::string& b : breaches) report += b + "\n";
  EXPECT_TRUE(breaches.empty()) << breaches.size() << " breaches of the task boundary:\n" << report;
}

}  // namespace
}  // namespace detgrad
