#include "document/mrz_locate.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::document {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct Candidate {
  cv::RotatedRect rect;
  cv::Point2f centre;
  cv::Point2f along;  // unit vector along the line, pointing right (x >= 0)
  double length = 0;
  double height = 0;
};

Candidate Describe(const cv::RotatedRect& r) {
  cv::Point2f p[4];
  r.points(p);
  cv::Point2f a = p[1] - p[0], b = p[2] - p[1];
  cv::Point2f v = cv::norm(a) >= cv::norm(b) ? a : b;
  Candidate c;
  c.rect = r;
  c.centre = r.center;
  c.length = std::max(cv::norm(a), cv::norm(b));
  c.height = std::min(cv::norm(a), cv::norm(b));
  if (v.x < 0 || (v.x == 0 && v.y < 0)) v = -v;
  c.along = v * float(1.0 / std::max(1e-6, cv::norm(v)));
  return c;
}

double AngleOf(const cv::Point2f& along) { return std::atan2(along.y, along.x) * 180.0 / kPi; }

// Two lines of one MRZ: parallel, about as long, aligned, one to three text
// heights apart.
bool SameBand(const Candidate& a, const Candidate& b) {
  const double cos_angle = std::fabs(a.along.dot(b.along));
  if (cos_angle < std::cos(4.0 * kPi / 180.0)) return false;
  if (std::fabs(a.length - b.length) > 0.15 * std::max(a.length, b.length)) return false;
  const cv::Point2f d = b.centre - a.centre;
  const cv::Point2f normal(-a.along.y, a.along.x);
  const double h = std::max(a.height, b.height);
  return std::fabs(d.dot(a.along)) < 0.12 * a.length && std::fabs(d.dot(normal)) <= 3.5 * h;
}

// Ink darker than its neighbourhood (a local mean threshold; a blackhat
// would also fill the gap between MRZ lines, which is narrower than a
// character), keeping character-sized marks only: the dark table around a
// document, a portrait or a shadow would otherwise join the lines at their
// ends.
cv::Mat CharacterMask(const cv::Mat& small) {
  const int side = std::max(small.cols, small.rows);
  const int k = std::max(9, side / 60) | 1;
  cv::Mat mask;
  cv::adaptiveThreshold(small, mask, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 2 * k + 1, 12);
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  std::vector<uchar> keep(size_t(n), 0);
  for (int i = 1; i < n; ++i) {
    keep[size_t(i)] =
        stats.at<int>(i, cv::CC_STAT_HEIGHT) <= side / 20 && stats.at<int>(i, cv::CC_STAT_WIDTH) <= side / 20;
  }
  for (int y = 0; y < mask.rows; ++y) {
    const int* label = labels.ptr<int>(y);
    uchar* m = mask.ptr<uchar>(y);
    for (int x = 0; x < mask.cols; ++x) m[x] = keep[size_t(label[x])] ? 255 : 0;
  }
  return mask;
}

std::vector<Candidate> JoinBrokenLines(std::vector<Candidate> pieces);

// Long thin blobs: the characters of a line joined by a closing along the
// lines' direction (horizontal, or vertical for a document photographed
// sideways) that never joins two lines.
std::vector<Candidate> LineCandidates(const cv::Mat& characters, bool vertical) {
  const int side = std::max(characters.cols, characters.rows);
  // Filler runs ('<<<<') leave the widest gaps: about 0.6 of a pitch.
  const int join = std::max(15, side / 35);
  cv::Mat mask;
  cv::morphologyEx(characters, mask, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_RECT, vertical ? cv::Size(1, join) : cv::Size(join, 1)));
  cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  std::vector<Candidate> out;
  for (const auto& contour : contours) {
    if (contour.size() < 4) continue;
    const Candidate c = Describe(cv::minAreaRect(contour));
    // Pieces of text lines: mostly filled (not a diagonal streak), thin.
    if (c.height < 4 || c.length < 6 * c.height || c.length > 60 * c.height) continue;
    if (cv::contourArea(contour) < 0.5 * c.length * c.height) continue;
    out.push_back(c);
  }
  // An MRZ line spans most of its document; the document fills a fair part
  // of the photo. 30 characters are at least ~25 text heights long.
  std::vector<Candidate> lines;
  for (const Candidate& c : JoinBrokenLines(std::move(out))) {
    if (c.length >= 0.18 * side && c.length >= 14 * c.height && c.length <= 60 * c.height) lines.push_back(c);
  }
  return lines;
}

// Pieces of one text line broken where a character was lost to glare or a
// guilloche (the Estonian specimen's line 1 breaks at a '<'): parallel,
// on one line (their centres within half a text height of it), the gap
// between their ends under four text heights. Joined, they can pair with
// the zone's other line.
std::vector<Candidate> JoinBrokenLines(std::vector<Candidate> pieces) {
  for (bool joined = true; joined;) {
    joined = false;
    for (size_t i = 0; i < pieces.size() && !joined; ++i) {
      for (size_t j = i + 1; j < pieces.size() && !joined; ++j) {
        const Candidate& a = pieces[i];
        const Candidate& b = pieces[j];
        if (std::fabs(a.along.dot(b.along)) < std::cos(3.0 * kPi / 180.0)) continue;
        // Measured along the pair's mean direction: a piece with background
        // attached is tilted a little, and its own normal would misplace the other.
        const cv::Point2f sum = a.along + (a.along.dot(b.along) < 0 ? -b.along : b.along);
        const cv::Point2f along = sum * float(1.0 / std::max(1e-6, cv::norm(sum)));
        const cv::Point2f d = b.centre - a.centre;
        const cv::Point2f normal(-along.y, along.x);
        const double h = std::max(a.height, b.height);
        const double gap = std::fabs(d.dot(along)) - (a.length + b.length) / 2.0;
        if (std::fabs(d.dot(normal)) > 0.5 * h || gap > 4.0 * h || std::fabs(a.height - b.height) > 0.5 * h) continue;
        cv::Point2f corners[8];
        a.rect.points(corners);
        b.rect.points(corners + 4);
        // The hull of two slightly tilted pieces is taller than the text: the
        // joined line keeps the pieces' length-weighted mean height.
        const cv::RotatedRect hull = cv::minAreaRect(std::vector<cv::Point2f>(corners, corners + 8));
        const float height = float((a.height * a.length + b.height * b.length) / (a.length + b.length));
        const bool wide = hull.size.width >= hull.size.height;
        pieces[i] = Describe(cv::RotatedRect(
            hull.center, wide ? cv::Size2f(hull.size.width, height) : cv::Size2f(height, hull.size.height),
            hull.angle));
        pieces.erase(pieces.begin() + long(j));
        joined = true;
      }
    }
  }
  return pieces;
}

std::vector<MrzBand> Group(const std::vector<Candidate>& candidates) {
  struct Scored {
    MrzBand band;
    double score;
  };
  std::vector<Scored> found;
  std::vector<std::vector<int>> seen;
  for (size_t i = 0; i < candidates.size(); ++i) {
    std::vector<int> members;
    for (size_t j = 0; j < candidates.size(); ++j) {
      if (i == j || SameBand(candidates[i], candidates[j])) members.push_back(int(j));
    }
    if (members.size() < 2) continue;
    const cv::Point2f normal(-candidates[i].along.y, candidates[i].along.x);
    std::sort(members.begin(), members.end(),
              [&](int a, int b) { return candidates[a].centre.dot(normal) < candidates[b].centre.dot(normal); });
    // Keep the run of at most three with even spacing (1-3 text heights).
    std::vector<int> run;
    for (int m : members) {
      if (!run.empty()) {
        const double gap = (candidates[m].centre - candidates[run.back()].centre).dot(normal);
        const double h = std::max(candidates[m].height, candidates[run.back()].height);
        if (gap < 1.1 * h || gap > 3.5 * h) {
          if (run.size() >= 2) break;
          run.clear();
        }
      }
      run.push_back(m);
      if (run.size() == 3) break;
    }
    if (run.size() < 2) continue;
    if (std::find(seen.begin(), seen.end(), run) != seen.end()) continue;
    seen.push_back(run);
    Scored s;
    double length = 0;
    for (int m : run) {
      s.band.lines.push_back(candidates[m].rect);
      length += candidates[m].length;
    }
    s.band.angle_degrees = AngleOf(candidates[i].along);
    s.score = length;
    found.push_back(s);
  }
  std::sort(found.begin(), found.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  std::vector<MrzBand> out;
  for (auto& s : found) out.push_back(std::move(s.band));
  return out;
}

}  // namespace

std::vector<MrzBand> LocateMrzBands(const cv::Mat& grey) {
  // Work at most 1280 px on the long side (an MRZ character is still ~12 px
  // high there when a passport page fills half the frame; lines are cut from
  // the full-resolution image afterwards). Measured on tests/samples/mrz_test:
  // 960 px saves ~10 ms but moved band edges enough to flip O/0 on three
  // documents (while reading three noisy TD1 cards better).
  const double scale = std::min(1.0, 1280.0 / std::max(grey.cols, grey.rows));
  cv::Mat small;
  cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
  const cv::Mat characters = CharacterMask(small);
  std::vector<MrzBand> bands;
  for (const bool vertical : {false, true}) {
    for (MrzBand band : Group(LineCandidates(characters, vertical))) {
      for (auto& line : band.lines) {
        line = cv::RotatedRect(line.center / scale,
                               cv::Size2f(line.size.width / float(scale), line.size.height / float(scale)), line.angle);
      }
      band.angle_degrees = AngleOf(Describe(band.lines[0]).along);
      bands.push_back(std::move(band));
    }
    if (!bands.empty()) break;  // sideways only when nothing was found upright
  }
  return bands;
}

cv::Mat CutLine(const cv::Mat& grey, const cv::RotatedRect& line, double angle_degrees, bool flip, int text_height) {
  const Candidate c = Describe(line);
  const double s = text_height / std::max(1.0, c.height);
  const cv::Size out_size(int((c.length + 2 * c.height) * s), 3 * text_height);
  cv::Mat m = cv::getRotationMatrix2D(c.centre, angle_degrees + (flip ? 180.0 : 0.0), s);
  m.at<double>(0, 2) += out_size.width / 2.0 - c.centre.x;
  m.at<double>(1, 2) += out_size.height / 2.0 - c.centre.y;
  cv::Mat out;
  cv::warpAffine(grey, out, m, out_size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

}  // namespace idmatch::document
