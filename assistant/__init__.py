"""realtalk client side: model training, action server and the in-process partner."""
