// Quality measures against capture degradations on real photos: for every
// degradation in tests/support/degrade.h and each strength, the mean score of
// the measure it should trip, how many photos fail that measure at MEDIUM, how
// many fail some other measure that passed on the clean photo, and what the
// degradation does to the genuine similarity (against another photo of the
// same person, from the deepface pair list). Also: the raw values of every
// measure on the clean photos and the time the measures take.
//
// Usage: quality_curves [photos=12]. Figures in docs/quality.md.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "bench_util.h"
#include "idmatch/engine.h"
#include "support/degrade.h"

using namespace idmatch;

namespace {

std::string Jpeg(const cv::Mat& img) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 95});
  return std::string(buf.begin(), buf.end());
}

const QualityMeasure* Find(const Face& f, const std::string& name) {
  for (const auto& m : f.quality.measures) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const size_t wanted = argc > 1 ? std::stoul(argv[1]) : 12;
  const std::string dir = bench::PhotoDir();
  std::ifstream csv(dir + "/master.csv");
  if (!csv) {
    std::fprintf(stderr, "quality_curves: %s/master.csv not found (set IDMATCH_SHARED_DIR)\n", dir.c_str());
    return 1;
  }
  std::map<std::string, std::string> partner;  // photo -> another photo of the same person
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    std::stringstream ss(line);
    std::string a, b, d;
    std::getline(ss, a, ',');
    std::getline(ss, b, ',');
    std::getline(ss, d, ',');
    if (d.rfind("Yes", 0) == 0 && !partner.count(a)) partner[a] = b;
  }
  auto engine = Engine::Create(EngineConfig{});
  if (!engine.ok()) {
    std::fprintf(stderr, "quality_curves: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  const Engine& e = **engine;
  DetectOptions medium{QualityFilter::kMedium};

  struct Photo {
    std::string name;
    cv::Mat image;
    Face clean;
    FaceTemplate partner;
  };
  std::vector<Photo> photos;
  std::map<std::string, std::vector<double>> raw;
  std::vector<double> quality_ms;
  for (const auto& [name, other] : partner) {
    if (photos.size() >= wanted) break;
    cv::Mat img = cv::imread(dir + "/" + name);
    auto det = e.Detect(Jpeg(img), medium);
    auto tmpl = e.Embed(bench::JpegAt(dir + "/" + other, 2.0), ImageRole::kTarget);
    if (img.empty() || !det.ok() || det->faces.empty() || !tmpl.ok()) continue;
    for (const auto& m : det->faces[0].quality.measures) raw[m.name].push_back(m.value);
    quality_ms.push_back(det->timings.quality_ms / det->faces.size());
    photos.push_back({name, img, det->faces[0], *tmpl});
  }
  std::printf("clean photos: %zu (deepface, first photo of each genuine pair, sorted by name)\n", photos.size());
  std::printf("%-11s %9s %9s %9s  failing at MEDIUM\n", "measure", "min", "median", "max");
  for (const auto& [name, values] : raw) {
    int failing = 0;
    for (const auto& p : photos) failing += !Find(p.clean, name)->passed;
    std::printf("%-11s %9.3f %9.3f %9.3f  %d\n", name.c_str(), *std::min_element(values.begin(), values.end()),
                Median(values), *std::max_element(values.begin(), values.end()), failing);
  }
  std::printf("quality measures per face: median %.2f ms\n\n", Median(quality_ms));

  std::printf("%-13s %8s %6s %9s %9s %8s %9s %8s %8s  %s\n", "degradation", "strength", "found", "own_raw", "own_score",
              "own_fail", "other_fail", "genuine", "gen_min", "other measures failing");
  for (const auto& d : testing::Degradations()) {
    for (double s : d.strengths) {
      int found = 0, own_fail = 0, other_fail = 0;
      std::vector<double> own_scores, own_raw, genuine;
      std::map<std::string, int> others;
      for (const auto& p : photos) {
        const Box& b = p.clean.box;
        const double eye = std::hypot(p.clean.landmarks[1].x - p.clean.landmarks[0].x,
                                      p.clean.landmarks[1].y - p.clean.landmarks[0].y);
        const std::string bytes =
            Jpeg(testing::Degrade(p.image, d.kind, s, cv::Rect2f(b.x, b.y, b.width, b.height), eye));
        auto det = e.Detect(bytes, medium);
        if (!det.ok() || det->faces.empty()) continue;
        ++found;
        const Face& f = det->faces[0];
        own_scores.push_back(Find(f, d.measure)->score);
        own_raw.push_back(Find(f, d.measure)->value);
        own_fail += !Find(f, d.measure)->passed;
        bool other = false;
        for (const auto& m : f.quality.measures) {
          const bool newly = m.name != d.measure && !m.passed && Find(p.clean, m.name)->passed;
          if (newly) ++others[m.name];
          other |= newly;
        }
        other_fail += other;
        auto t = e.Embed(bytes, ImageRole::kSource);
        if (t.ok()) genuine.push_back(e.Similarity(*t, p.partner));
      }
      std::string list;
      for (const auto& [name, n] : others) list += name + ":" + std::to_string(n) + " ";
      std::printf("%-13s %8.2f %3d/%-2zu %9.3f %9.1f %8d %9d %8.1f %8.1f  %s\n", d.name.c_str(), s, found,
                  photos.size(), Median(own_raw), Median(own_scores), own_fail, other_fail, Median(genuine),
                  genuine.empty() ? 0.0 : *std::min_element(genuine.begin(), genuine.end()), list.c_str());
    }
  }
  return 0;
}
