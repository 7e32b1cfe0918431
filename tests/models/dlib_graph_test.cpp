// The dlib ResNet graph built by tools/dlib_resnet_to_onnx.py, checked against
// the package's weights read here independently: the manifest parsed with
// nlohmann::json, the uint8 tensors dequantised (min + scale * q), and the
// first block (7x7/2 conv + bias, per-channel scale and shift, relu, 3x3/2
// max-pool) computed in plain loops in double precision. The graph's output
// at that layer must agree, as must its layer shapes and final output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/dnn.hpp>
#include <random>
#include <string>
#include <vector>

#include "models/model_lock.h"
#include "support/image_factory.h"

namespace idmatch {
namespace {

// OpenCV names a layer imported from ONNX after its node with this prefix.
const std::string kLayer = "onnx_node!";

struct Tensor {
  std::vector<int> shape;
  std::vector<double> values;
};

class DlibGraph : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& lock = models::EmbeddedModelLock();
    const auto* spec = lock.Find("embedder_dlib");
    ASSERT_NE(spec, nullptr);
    package_ = models::ResolveModelDir("") + "/" + spec->package;
    auto path = models::VerifiedModelPath(models::ResolveModelDir(""), *spec);
    if (!path.ok()) GTEST_SKIP() << "models not fetched (run scripts/fetch-models.sh): " << path.status().ToString();
    graph_ = *path;
  }

  // Every tensor of the manifest, dequantised, in manifest order.
  std::map<std::string, Tensor> ReadWeights() const {
    std::ifstream manifest_file(package_ + "/package/model/face_recognition_model-weights_manifest.json");
    const auto manifest = nlohmann::json::parse(manifest_file);
    const std::string bin = testing::ReadFileOrEmpty(package_ + "/package/model/face_recognition_model.bin");
    std::map<std::string, Tensor> out;
    size_t offset = 0;
    for (const auto& w : manifest[0]["weights"]) {
      Tensor t;
      size_t count = 1;
      for (int d : w["shape"]) {
        t.shape.push_back(d);
        count *= static_cast<size_t>(d);
      }
      if (w.contains("quantization")) {
        const double min = w["quantization"]["min"], scale = w["quantization"]["scale"];
        for (size_t i = 0; i < count; ++i)
          t.values.push_back(min + scale * static_cast<unsigned char>(bin[offset + i]));
        offset += count;
      } else {
        for (size_t i = 0; i < count; ++i) {
          float f;
          std::memcpy(&f, bin.data() + offset + 4 * i, 4);
          t.values.push_back(f);
        }
        offset += 4 * count;
      }
      out[w["name"]] = std::move(t);
    }
    EXPECT_EQ(offset, bin.size()) << "the manifest does not describe the whole weights file";
    return out;
  }

  std::string package_, graph_;
};

TEST_F(DlibGraph, FirstBlockMatchesAnIndependentForwardPass) {
  const auto w = ReadWeights();
  ASSERT_EQ(w.size(), 117u);
  const Tensor& filters = w.at("conv32_down/conv/filters");  // HWIO [7, 7, 3, 32]
  ASSERT_EQ(filters.shape, (std::vector<int>{7, 7, 3, 32}));
  const Tensor& bias = w.at("conv32_down/conv/bias");
  const Tensor& scale = w.at("conv32_down/scale/weights");
  const Tensor& shift = w.at("conv32_down/scale/biases");

  constexpr int kIn = 150, kConv = 72, kPool = 35, kC = 32;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-0.5f, 0.5f);
  const int shape[] = {1, 3, kIn, kIn};
  cv::Mat input(4, shape, CV_32F);
  for (size_t i = 0; i < input.total(); ++i) input.ptr<float>()[i] = u(rng);
  auto at = [&](int c, int y, int x) { return double(input.ptr<float>()[(c * kIn + y) * kIn + x]); };

  // conv 7x7 stride 2 'valid' + bias, scale layer, relu.
  std::vector<double> conv(static_cast<size_t>(kC) * kConv * kConv);
  for (int o = 0; o < kC; ++o) {
    for (int y = 0; y < kConv; ++y) {
      for (int x = 0; x < kConv; ++x) {
        double s = bias.values[o];
        for (int ky = 0; ky < 7; ++ky)
          for (int kx = 0; kx < 7; ++kx)
            for (int c = 0; c < 3; ++c)
              s += at(c, 2 * y + ky, 2 * x + kx) * filters.values[((ky * 7 + kx) * 3 + c) * kC + o];
        conv[(o * kConv + y) * kConv + x] = std::max(0.0, s * scale.values[o] + shift.values[o]);
      }
    }
  }
  // max-pool 3x3 stride 2 'valid'.
  std::vector<double> pooled(static_cast<size_t>(kC) * kPool * kPool);
  for (int o = 0; o < kC; ++o)
    for (int y = 0; y < kPool; ++y)
      for (int x = 0; x < kPool; ++x) {
        double m = -1e300;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) m = std::max(m, conv[(o * kConv + 2 * y + ky) * kConv + 2 * x + kx]);
        pooled[(o * kPool + y) * kPool + x] = m;
      }

  cv::dnn::Net net = cv::dnn::readNetFromONNX(graph_);
  net.setInput(input, "input");
  std::vector<cv::Mat> outs;
  net.forward(outs, std::vector<cv::String>{kLayer + "conv32_down/pool", "embedding"});
  ASSERT_EQ(outs.size(), 2u);
  const cv::Mat& block = outs[0];
  ASSERT_EQ(block.dims, 4);
  EXPECT_EQ(std::vector<int>(block.size.p, block.size.p + 4), (std::vector<int>{1, kC, kPool, kPool}));
  double worst = 0, largest = 0;
  for (size_t i = 0; i < pooled.size(); ++i) {
    worst = std::max(worst, std::fabs(pooled[i] - block.ptr<float>()[i]));
    largest = std::max(largest, std::fabs(pooled[i]));
  }
  std::printf("[ metrics  ] first block: max |graph - reference| %.2e (largest value %.2f)\n", worst, largest);
  EXPECT_GT(largest, 0.1) << "the reference is degenerate";
  EXPECT_LT(worst, 1e-4 * std::max(1.0, largest));
  EXPECT_EQ(outs[1].total(), 128u);  // the 256 -> 128 projection
}

TEST_F(DlibGraph, LayerShapesFollowTheResNet) {
  cv::dnn::Net net = cv::dnn::readNetFromONNX(graph_);
  const int shape[] = {1, 3, 150, 150};
  cv::Mat input(4, shape, CV_32F, cv::Scalar(0.1));
  net.setInput(input, "input");
  // Stage outputs: 35 px after the stem, then 17, 8, 4 (zero-padded conv
  // branch) and 2 (padded again) with channels 32 -> 64 -> 128 -> 256 -> 256.
  const std::vector<std::pair<std::string, std::vector<int>>> expected = {{"conv32_3/out", {1, 32, 35, 35}},
                                                                          {"conv64_down/out", {1, 64, 17, 17}},
                                                                          {"conv128_down/out", {1, 128, 8, 8}},
                                                                          {"conv256_down/out", {1, 256, 4, 4}},
                                                                          {"conv256_down_out/out", {1, 256, 2, 2}}};
  std::vector<cv::String> names;
  for (const auto& [name, dims] : expected) names.push_back(kLayer + name);
  std::vector<cv::Mat> outs;
  net.forward(outs, names);
  ASSERT_EQ(outs.size(), expected.size());
  for (size_t i = 0; i < outs.size(); ++i) {
    EXPECT_EQ(std::vector<int>(outs[i].size.p, outs[i].size.p + outs[i].dims), expected[i].second) << names[i];
  }
}

}  // namespace
}  // namespace idmatch
