"""Known model formats and the KServe serving runtime each one deploys with."""

from __future__ import annotations

from typing import Any

# name -> (KServe ServingRuntime, what the format is); the runtimes are those shipped with
# KServe (kserve-* ClusterServingRuntimes) and OpenVINO Model Server.
FORMATS: dict[str, tuple[str, str]] = {
    "onnx": ("kserve-tritonserver", "ONNX"),
    "sklearn": ("kserve-sklearnserver", "scikit-learn (pickle/joblib)"),
    "xgboost": ("kserve-xgbserver", "XGBoost"),
    "lightgbm": ("kserve-lgbserver", "LightGBM"),
    "tensorflow": ("kserve-tensorflow-serving", "TensorFlow SavedModel"),
    "pytorch": ("kserve-torchserve", "PyTorch (TorchServe .mar)"),
    "triton": ("kserve-tritonserver", "Triton model repository"),
    "pmml": ("kserve-pmmlserver", "PMML"),
    "paddle": ("kserve-paddleserver", "PaddlePaddle"),
    "huggingface": ("kserve-huggingfaceserver", "Hugging Face transformers"),
    "openvino_ir": ("kserve-ovms", "OpenVINO IR"),
    "mlflow": ("kserve-mlserver", "MLflow model"),
}


def format_list() -> list[dict[str, Any]]:
    return [
        {"name": name, "runtime": runtime, "description": description}
        for name, (runtime, description) in FORMATS.items()
    ]


def runtime_for(format_name: str | None) -> str | None:
    if not format_name:
        return None
    entry = FORMATS.get(format_name.lower())
    return entry[0] if entry else None
