// `idmatch document IMAGE [IMAGE...] [--sides]`: reads the PDF417 barcode
// (AAMVA) and the ICAO 9303 MRZ on photos of ID documents. Each image is its
// own document, or with --sides all images are the sides of one document
// (front and back), read together and checked for consistency.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <vector>

#include "api/json.h"
#include "cli.h"
#include "idmatch/document.h"

namespace idmatch::cli {
namespace {

// One document from the images of its sides: its fields, or the status
// saying why there are none.
Result<nlohmann::json> ReadOne(const std::vector<std::string>& paths, const DocumentReadOptions& options) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    auto bytes = ReadFile(path);
    if (!bytes.ok()) return bytes.status();
    files.push_back(std::move(bytes).value());
  }
  auto read = ReadDocument(std::vector<std::string_view>(files.begin(), files.end()), options);
  if (!read.ok()) return read.status();
  return api::ToJson(*read);
}

std::string Joined(const std::vector<std::string>& paths) {
  std::string out;
  for (const auto& p : paths) out += (out.empty() ? "" : "+") + p;
  return out;
}

}  // namespace

int RunDocument(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 2, {"--min-age", "--document-minimum-age"}, {"--json", "--sides"});
  if (!args.ok()) return Fail(args.status(), false);
  const bool json = args->Has("--json");
  if (args->positional.empty()) {
    return Fail(Status(ErrorCode::kInvalidArgument,
                       "usage: idmatch document IMAGE [IMAGE...] [--sides] [--json] [--min-age N]"),
                json);
  }
  server::ServerConfig settings;  // --min-age parsed by its settings-table row
  if (Status s = ApplySettingFlags(*args, settings); !s.ok()) return Fail(s, json);
  DocumentReadOptions options;
  options.minimum_age = settings.engine.document.minimum_age;
  nlohmann::json all = nlohmann::json::array();
  int exit_code = 0;
  std::vector<std::vector<std::string>> documents;
  if (args->Has("--sides")) {
    documents.push_back(args->positional);
  } else {
    for (const auto& path : args->positional) documents.push_back({path});
  }
  for (const auto& paths : documents) {
    const std::string path = Joined(paths);
    auto one = ReadOne(paths, options);
    if (!one.ok()) {
      exit_code = std::max(exit_code, ExitCodeFor(one.status().code()));
      if (json) {
        all.push_back(
            {{"file", path},
             {"error",
              {{"code", std::string(ErrorCodeName(one.status().code()))}, {"message", one.status().message()}}}});
      } else {
        std::cerr << "idmatch: " << path << ": " << ErrorCodeName(one.status().code()) << ": " << one.status().message()
                  << "\n";
      }
      continue;
    }
    (*one)["file"] = path;
    if (json) {
      all.push_back(*one);
      continue;
    }
    const auto& d = *one;
    std::printf("%s: [%s] %s %s/%s, %s, %s %s\n", path.c_str(), d["source"].get<std::string>().c_str(),
                d["type"].get<std::string>().c_str(), d["issuing_country"].get<std::string>().c_str(),
                d["jurisdiction"].get<std::string>().c_str(), d["document_number"].get<std::string>().c_str(),
                d["given_names"].get<std::string>().c_str(), d["family_name"].get<std::string>().c_str());
    std::printf("  born %s, sex %s, issued %s, expires %s\n", d["birth_date"].get<std::string>().c_str(),
                d["sex"].get<std::string>().c_str(), d["issue_date"].get<std::string>().c_str(),
                d["expiry_date"].get<std::string>().c_str());
    for (const auto& c : d["checks"]) {
      std::printf("  check %s: %s\n", c["name"].get<std::string>().c_str(),
                  !c["assessed"].get<bool>() ? "not assessed"
                  : c["passed"].get<bool>()  ? "passed"
                                             : c["reason"].get<std::string>().c_str());
    }
    for (const auto& w : d["warnings"]) std::printf("  warning: %s\n", w.get<std::string>().c_str());
  }
  if (json) std::cout << api::Dump(nlohmann::json{{"documents", all}}, 2) << "\n";
  return exit_code;
}

}  // namespace idmatch::cli
