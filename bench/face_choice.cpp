// How often does the primary-face rule pick someone other than the labelled
// person? On lfw-dev (../shared/testdata/faces/lfw-dev/identities.csv) the
// labelled person is the central face of each 150x150 thumbnail (the LFW
// convention); a selfie's subject is large and central too. For every image:
// the faces Engine::Detect finds (primary first, as a compare's source),
// whether the primary is the face nearest the centre, and for images with
// several faces the area and centre distance of the two leading faces.
// Prints counts and every image where the primary is not the central face.
// Usage: face_choice [LIMIT]   (LIMIT images, default all)
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "eval/all_vs_all.h"
#include "idmatch/engine.h"
#include "lfw_dev.h"
#include "pipeline/face_select.h"
#include "support/image_factory.h"

int main(int argc, char** argv) {
  using idmatch::Face;
  const auto lfw = idmatch::bench::LoadLfwDev("face_choice");
  if (!lfw) return 77;
  const std::string& root = lfw->root;
  const auto* images = &lfw->images;
  const size_t limit = argc > 1 ? std::min<size_t>(std::strtoul(argv[1], nullptr, 10), images->size()) : images->size();
  auto engine = idmatch::Engine::Create(idmatch::EngineConfig{});
  if (!engine.ok()) {
    std::fprintf(stderr, "face_choice: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  struct Outcome {
    int faces = 0;
    bool primary_central = true;
    double primary_dist = 0, central_dist = 0, area_ratio = 0;  // second-best area / primary area
    double runner_up = 0;                                       // pipeline::PrimaryChoice::runner_up
  };
  std::vector<Outcome> out(limit);
  std::vector<std::thread> pool;
  for (int t = 0; t < 2; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < limit; i += 2) {
        const std::string bytes = idmatch::testing::ReadFileOrEmpty(root + (*images)[i].file);
        auto r = (*engine)->Detect(bytes);
        if (!r.ok()) continue;
        auto& o = out[i];
        o.faces = static_cast<int>(r->faces.size());
        if (r->faces.empty()) continue;
        const double cx = r->image.width / 2.0, cy = r->image.height / 2.0;
        auto dist = [&](const Face& f) {
          return std::hypot(f.box.x + f.box.width / 2 - cx, f.box.y + f.box.height / 2 - cy);
        };
        size_t central = 0;
        for (size_t k = 1; k < r->faces.size(); ++k) {
          if (dist(r->faces[k]) < dist(r->faces[central])) central = k;
        }
        o.primary_central = central == 0;
        o.runner_up = idmatch::pipeline::ChoosePrimary(r->faces, r->image.width, r->image.height,
                                                       idmatch::EngineConfig{}.detector.primary_score_margin)
                          .runner_up;
        o.primary_dist = dist(r->faces[0]);
        o.central_dist = dist(r->faces[central]);
        if (r->faces.size() > 1) {
          const double a0 = r->faces[0].box.width * r->faces[0].box.height;
          double a1 = 0;
          for (size_t k = 1; k < r->faces.size(); ++k)
            a1 = std::max<double>(a1, r->faces[k].box.width * r->faces[k].box.height);
          o.area_ratio = a0 > 0 ? a1 / a0 : 0;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  int none = 0, several = 0, wrong = 0, close_second = 0;
  for (size_t i = 0; i < limit; ++i) {
    const auto& o = out[i];
    if (o.faces == 0) ++none;
    if (o.faces > 1) ++several;
    if (o.faces > 1 && o.area_ratio >= 0.5) ++close_second;
    if (o.faces > 0 && !o.primary_central) {
      ++wrong;
      std::printf(
          "not central: %s (%d faces; primary %.0f px from centre, central face %.0f px; second/primary "
          "area %.2f, runner-up weight %.2f)\n",
          (*images)[i].file.c_str(), o.faces, o.primary_dist, o.central_dist, o.area_ratio, o.runner_up);
    }
  }
  // Runner-up weight (the competing face's centrality-weighted area over the
  // primary's) among images with several faces: where SOURCE_FACES_COMPETE fires.
  int at_least[5] = {0, 0, 0, 0, 0};
  const double bars[5] = {0.5, 0.6, 0.7, 0.8, 0.9};
  for (size_t i = 0; i < limit; ++i) {
    for (int b = 0; b < 5; ++b) at_least[b] += out[i].runner_up >= bars[b];
  }
  std::printf("runner-up weight >= 0.5: %d, >= 0.6: %d, >= 0.7: %d, >= 0.8: %d, >= 0.9: %d images\n", at_least[0],
              at_least[1], at_least[2], at_least[3], at_least[4]);
  std::printf(
      "images %zu: no face %d, several faces %d (a second face at least half the primary's area: %d), "
      "primary not the central face %d (%.2f%%)\n",
      limit, none, several, close_second, wrong, 100.0 * wrong / double(limit));
  return 0;
}
